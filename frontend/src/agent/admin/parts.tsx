// Pieces every admin panel shares: the loading / error / empty states of a list, the
// confirmation before a destructive action, and a copy button.
import type { UseQueryResult } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { useT } from "../i18n";
import { Dialog } from "../ui/Dialog";
export { FormActions } from "../ui/FormActions";
import { problemText } from "../ui/problem";
import { useToast } from "../ui/Toasts";

/** Whatever `query` holds once loaded; until then its loading or error state. */
export function QueryState<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  const t = useT();
  if (query.isPending) {
    return (
      <p className="muted" role="status">
        {t("common.loading")}
      </p>
    );
  }
  if (query.isError) {
    return (
      <div className="admin-error" role="alert">
        <p>{t("common.error", { detail: problemText(query.error) })}</p>
        <button type="button" className="button" onClick={() => void query.refetch()}>
          {t("common.retry")}
        </button>
      </div>
    );
  }
  return <>{children(query.data)}</>;
}

/** A list's loading and error states, and `empty` when it has nothing. */
export function ListState<T>({
  query,
  empty,
  children,
}: {
  query: UseQueryResult<T[]>;
  empty: string;
  children: (items: T[]) => ReactNode;
}) {
  return (
    <QueryState query={query}>
      {(items) => (items.length ? children(items) : <p className="admin-empty">{empty}</p>)}
    </QueryState>
  );
}

export function PanelHeader({ title, id, children }: { title: string; id?: string; children?: ReactNode }) {
  return (
    <header className="admin-panel-header">
      <h2 id={id}>{title}</h2>
      <div className="admin-panel-actions">{children}</div>
    </header>
  );
}

interface ConfirmProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: string;
  confirm: string;
  onConfirm: () => Promise<unknown>;
}

/** Ask before a destructive action; the dialog stays open (and says why) when it fails. */
export function ConfirmDialog({ open, onOpenChange, title, description, confirm, onConfirm }: ConfirmProps) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onOpenChange(false);
    } catch (failure) {
      setError(problemText(failure));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={title} description={description}>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={() => onOpenChange(false)}>
          {t("common.cancel")}
        </button>
        <button type="button" className="button primary danger-fill" disabled={busy} onClick={() => void run()}>
          {confirm}
        </button>
      </div>
    </Dialog>
  );
}

/** Copy `text` to the clipboard and say so. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const t = useT();
  const toast = useToast();
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      toast(t("admin.copied"));
    } catch {
      toast(t("admin.copyFailed"), { tone: "error" });
    }
  }
  return (
    <button type="button" className="button small" aria-label={label} onClick={() => void copy()}>
      {t("admin.copy")}
    </button>
  );
}

/** A form's general error (one not tied to a field), announced when it appears. */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="field-error admin-form-error" role="alert">
      {message}
    </p>
  );
}

/** A Combobox with its visible label and its error; the combobox names itself. */
export function ComboField({ label, error, children }: { label: string; error?: string; children: ReactNode }) {
  return (
    <div className="field">
      <span className="field-label" aria-hidden="true">
        {label}
      </span>
      {children}
      {error ? (
        <small className="field-error" role="alert">
          {error}
        </small>
      ) : null}
    </div>
  );
}

/** A list as a table: its caption for screen readers, the column headers and an unnamed
 * last column for each row's actions. The rows are the children. */
export function AdminTable({ caption, headers, children }: { caption: string; headers: string[]; children: ReactNode }) {
  const t = useT();
  return (
    <table className="table admin-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {headers.map((header) => (
            <th scope="col" key={header}>
              {header}
            </th>
          ))}
          <th scope="col">
            <span className="visually-hidden">{t("admin.actions")}</span>
          </th>
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** A row's edit and delete buttons, each named after the row for screen readers. */
export function EditDeleteCell({ name, onEdit, onDelete }: { name: string; onEdit: () => void; onDelete: () => void }) {
  const t = useT();
  return (
    <td className="admin-row-actions">
      <button type="button" className="button small" aria-label={t("admin.editNamed", { name })} onClick={onEdit}>
        {t("common.edit")}
      </button>
      <button type="button" className="button small danger" aria-label={t("admin.deleteNamed", { name })} onClick={onDelete}>
        {t("common.delete")}
      </button>
    </td>
  );
}
