// Online / away / offline, at hand in the navigation rail (a Radix Select): it shows the
// current state and follows changes made elsewhere (another tab, an admin, a schedule).
import { Select } from "radix-ui";
import { useT } from "../i18n";
import "./me.css";
import { problemText } from "../ui/problem";
import { useToast } from "../ui/Toasts";
import { useCurrentMe, useUpdateMe, type Me } from "./queries";

export const AVAILABILITIES: Me["availability"][] = ["online", "away", "offline"];

export function AvailabilitySwitch() {
  const t = useT();
  const me = useCurrentMe();
  const update = useUpdateMe();
  const toast = useToast();
  const state = t(`me.${me.availability}`);
  return (
    <Select.Root
      value={me.availability}
      onValueChange={(value) =>
        update.mutate(
          { availability: value as Me["availability"] },
          { onError: (error) => toast(t("me.saveFailed"), { description: problemText(error), tone: "error" }) },
        )
      }
    >
      <Select.Trigger className={`rail-link rail-availability ${me.availability}`} aria-label={t("me.availabilityNow", { state })}>
        <span className="availability-dot" aria-hidden="true" />
        <Select.Value>{state}</Select.Value>
      </Select.Trigger>
      <Select.Portal>
        <Select.Content className="menu" position="popper" side="right" sideOffset={6}>
          <Select.Viewport>
            {AVAILABILITIES.map((value) => (
              <Select.Item key={value} value={value} className={`menu-item availability-option ${value}`}>
                <span className="availability-dot" aria-hidden="true" />
                <Select.ItemText>{t(`me.${value}`)}</Select.ItemText>
              </Select.Item>
            ))}
          </Select.Viewport>
        </Select.Content>
      </Select.Portal>
    </Select.Root>
  );
}
