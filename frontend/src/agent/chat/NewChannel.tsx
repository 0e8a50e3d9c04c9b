// Starting a direct message with a colleague (a combobox) and creating a custom group
// (a dialog, for owners and admins); either opens the channel it made or found.
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { useT } from "../i18n";
import { useCurrentMe } from "../me/queries";
import { Combobox } from "../ui/Combobox";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { problemText } from "../ui/problem";
import { useToast } from "../ui/Toasts";
import { useColleagues, useCreateChannel } from "./queries";

export function NewDirectMessage() {
  const t = useT();
  const me = useCurrentMe();
  const navigate = useNavigate();
  const toast = useToast();
  const colleagues = useColleagues();
  const create = useCreateChannel();
  const options = (colleagues.data ?? [])
    .filter((user) => user.id !== me.id)
    .map((user) => ({ value: user.id, label: user.name, hint: t(`me.${user.availability}`) }));
  return (
    <Combobox
      label={t("chat.newDirect")}
      placeholder={t("chat.newDirectPlaceholder")}
      options={options}
      value={null}
      empty={t("chat.noColleagues")}
      onChange={(userId) =>
        create.mutate(
          { kind: "direct", user_id: userId },
          {
            onSuccess: (channel) => void navigate(`/chat/${channel.id}`),
            onError: (error) => toast(t("chat.createFailed"), { description: problemText(error), tone: "error" }),
          },
        )
      }
    />
  );
}

export function NewGroup() {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)}>
        {t("chat.newGroup")}
      </button>
      {open ? <NewGroupDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function NewGroupDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const me = useCurrentMe();
  const navigate = useNavigate();
  const colleagues = useColleagues();
  const create = useCreateChannel();
  const [name, setName] = useState("");
  const [members, setMembers] = useState<Set<string>>(new Set());

  function toggle(id: string, on: boolean) {
    setMembers((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(
      { kind: "group", name: name.trim(), member_ids: [...members] },
      {
        onSuccess: (channel) => {
          onClose();
          void navigate(`/chat/${channel.id}`);
        },
      },
    );
  }

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())} title={t("chat.newGroup")} description={t("chat.groupDescription")}>
      <form onSubmit={submit}>
        <Field label={t("chat.groupName")} error={create.isError ? problemText(create.error) : null}>
          <input className="input" value={name} required maxLength={200} onChange={(event) => setName(event.target.value)} />
        </Field>
        <fieldset className="group-members">
          <legend>{t("chat.groupMembers")}</legend>
          {(colleagues.data ?? [])
            .filter((user) => user.id !== me.id)
            .map((user) => (
              <label key={user.id} className="chat-check">
                <input type="checkbox" checked={members.has(user.id)} onChange={(event) => toggle(user.id, event.target.checked)} />
                {user.name}
              </label>
            ))}
        </fieldset>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="button primary" disabled={create.isPending || !name.trim()}>
            {t("chat.groupCreate")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
