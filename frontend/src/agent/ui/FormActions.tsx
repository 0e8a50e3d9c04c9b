// Cancel and submit, at the foot of a form in a dialog.
import { useT } from "../i18n";

export function FormActions({ busy, submit, onCancel }: { busy?: boolean; submit: string; onCancel: () => void }) {
  const t = useT();
  return (
    <div className="dialog-actions">
      <button type="button" className="button" onClick={onCancel}>
        {t("common.cancel")}
      </button>
      <button type="submit" className="button primary" disabled={busy}>
        {submit}
      </button>
    </div>
  );
}
