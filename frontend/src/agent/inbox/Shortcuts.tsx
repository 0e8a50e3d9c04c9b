// "?" (outside text fields) lists the inbox's keyboard shortcuts.
import { useEffect, useState } from "react";
import { useT, type MessageKey } from "../i18n";
import { Dialog } from "../ui/Dialog";

const KEYS: [string, MessageKey][] = [
  ["j / k", "inbox.keys.nextPrevious"],
  ["↑ / ↓", "inbox.keys.moveInList"],
  ["Space", "inbox.keys.select"],
  ["Enter", "inbox.keys.open"],
  ["r", "inbox.keys.reply"],
  ["/", "inbox.keys.canned"],
  ["Enter", "inbox.keys.send"],
  ["Ctrl + Enter", "inbox.keys.sendAlways"],
  ["Shift + Enter", "inbox.keys.newLine"],
  ["Esc", "inbox.keys.closeDialog"],
];

export function Shortcuts() {
  const t = useT();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement;
      if (event.key !== "?" || target.closest("input, textarea, select, [contenteditable=true], [role=dialog]")) return;
      event.preventDefault();
      setOpen(true);
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <>
      <button type="button" className="button small" aria-label={t("inbox.keys.title")} title={t("inbox.keys.title")} onClick={() => setOpen(true)}>
        ?
      </button>
      {open ? (
        <Dialog open onOpenChange={setOpen} title={t("inbox.keys.title")}>
          <table className="table shortcuts">
            <tbody>
              {KEYS.map(([key, text]) => (
                <tr key={`${key}-${text}`}>
                  <td>
                    <kbd>{key}</kbd>
                  </td>
                  <td>{t(text)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => setOpen(false)}>
              {t("common.close")}
            </button>
          </div>
        </Dialog>
      ) : null}
    </>
  );
}
