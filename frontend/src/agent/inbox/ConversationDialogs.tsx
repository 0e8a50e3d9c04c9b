// The conversation's smaller dialogs: snooze, labels, cc, linked item, routing.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { unwrap } from "../../shared/api/client";
import { useApi } from "../context";
import { useT } from "../i18n";
import { Dialog } from "../ui/Dialog";
import { Field } from "../ui/Field";
import { FormActions } from "../ui/FormActions";
import { problemText } from "../ui/problem";
import { keys, useLabels, type Conversation } from "./queries";

function Failure({ error }: { error: unknown }) {
  return error ? (
    <p className="field-error" role="alert">
      {problemText(error)}
    </p>
  ) : null;
}

/** Local date-time input value for `hours` from now. */
function inputValue(hours: number): string {
  const at = new Date(Date.now() + hours * 3600_000);
  at.setMinutes(at.getMinutes() - at.getTimezoneOffset());
  return at.toISOString().slice(0, 16);
}

export function SnoozeDialog({ onClose, onSnooze }: { onClose: () => void; onSnooze: (until: string) => Promise<unknown> }) {
  const t = useT();
  const [until, setUntil] = useState(inputValue(4));
  const run = useMutation({ mutationFn: () => onSnooze(new Date(until).toISOString()), onSuccess: onClose });
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t("inbox.snooze.title")} description={t("inbox.snooze.help")}>
      <form onSubmit={(e) => (e.preventDefault(), run.mutate())}>
        <div className="quick-picks">
          {[1, 4, 24, 72].map((hours) => (
            <button key={hours} type="button" className="button small" onClick={() => setUntil(inputValue(hours))}>
              {t("inbox.snooze.in", { hours })}
            </button>
          ))}
        </div>
        <Field label={t("inbox.snooze.until")}>
          <input className="input" type="datetime-local" required value={until} onChange={(e) => setUntil(e.target.value)} />
        </Field>
        <Failure error={run.error} />
        <FormActions onCancel={onClose} busy={run.isPending} submit={t("inbox.action.snooze")} />
      </form>
    </Dialog>
  );
}

export function LabelsDialog({ conversation, onClose }: { conversation: Conversation; onClose: () => void }) {
  const t = useT();
  const api = useApi();
  const client = useQueryClient();
  const labels = useLabels();
  const [chosen, setChosen] = useState(new Set(conversation.labels.map((l) => l.id)));
  const run = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT("/api/v1/conversations/{conversation_id}/labels", {
          params: { path: { conversation_id: conversation.id } },
          body: { label_ids: [...chosen] },
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.conversation(conversation.id) });
      void client.invalidateQueries({ queryKey: keys.lists });
      onClose();
    },
  });
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t("inbox.labels.title")}>
      <form onSubmit={(e) => (e.preventDefault(), run.mutate())}>
        {labels.data?.length ? (
          <fieldset className="checks">
            <legend className="visually-hidden">{t("inbox.labels.title")}</legend>
            {labels.data.map((label) => (
              <label key={label.id} className="check">
                <input
                  type="checkbox"
                  checked={chosen.has(label.id)}
                  onChange={(e) => {
                    const next = new Set(chosen);
                    if (e.target.checked) next.add(label.id);
                    else next.delete(label.id);
                    setChosen(next);
                  }}
                />
                <span className="label-dot" style={{ background: label.color }} aria-hidden="true" /> {label.name}
              </label>
            ))}
          </fieldset>
        ) : (
          <p className="muted">{t("inbox.labels.none")}</p>
        )}
        <Failure error={run.error} />
        <FormActions onCancel={onClose} busy={run.isPending} submit={t("common.save")} />
      </form>
    </Dialog>
  );
}

export function CcDialog({ conversationId, onClose }: { conversationId: string; onClose: () => void }) {
  const t = useT();
  const api = useApi();
  const client = useQueryClient();
  const path = { conversation_id: conversationId };
  const current = useQuery({
    queryKey: keys.participants(conversationId),
    queryFn: () => unwrap(api.GET("/api/v1/conversations/{conversation_id}/participants", { params: { path } })),
  });
  const [text, setText] = useState<string | null>(null);
  const value = text ?? current.data?.participants.map((p) => p.email).join("\n") ?? "";
  const run = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT("/api/v1/conversations/{conversation_id}/participants", {
          params: { path },
          body: { participants: value.split(/[\s,;]+/).filter(Boolean).map((email) => ({ email })) },
        }),
      ),
    onSuccess: (data) => {
      client.setQueryData(keys.participants(conversationId), data);
      onClose();
    },
  });
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t("inbox.cc.title")} description={t("inbox.cc.help")}>
      <form onSubmit={(e: FormEvent) => (e.preventDefault(), run.mutate())}>
        <Field label={t("inbox.cc.emails")}>
          <textarea className="input" rows={4} value={value} onChange={(e) => setText(e.target.value)} />
        </Field>
        <Failure error={run.error} />
        <FormActions onCancel={onClose} busy={run.isPending} submit={t("common.save")} />
      </form>
    </Dialog>
  );
}

export function LinkDialog({ conversation, onClose }: { conversation: Conversation; onClose: () => void }) {
  const t = useT();
  const api = useApi();
  const client = useQueryClient();
  const [type, setType] = useState(conversation.linked_item?.type ?? "ticket");
  const [externalId, setExternalId] = useState(conversation.linked_item?.external_id ?? "");
  const [url, setUrl] = useState(conversation.linked_item?.url ?? "");
  const run = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH("/api/v1/conversations/{conversation_id}", {
          params: { path: { conversation_id: conversation.id } },
          body: { linked_item: { type, external_id: externalId, url: url || null } },
        }),
      ),
    onSuccess: (data) => {
      client.setQueryData(keys.conversation(conversation.id), data);
      onClose();
    },
  });
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t("inbox.link.title")} description={t("inbox.link.help")}>
      <form onSubmit={(e) => (e.preventDefault(), run.mutate())}>
        <Field label={t("inbox.link.type")}>
          <input className="input" required value={type} onChange={(e) => setType(e.target.value)} />
        </Field>
        <Field label={t("inbox.link.externalId")}>
          <input className="input" required value={externalId} onChange={(e) => setExternalId(e.target.value)} />
        </Field>
        <Field label={t("inbox.link.url")}>
          <input className="input" type="url" value={url} onChange={(e) => setUrl(e.target.value)} />
        </Field>
        <Failure error={run.error} />
        <FormActions onCancel={onClose} busy={run.isPending} submit={t("common.save")} />
      </form>
    </Dialog>
  );
}

export function RoutingDialog({ conversationId, onClose }: { conversationId: string; onClose: () => void }) {
  const t = useT();
  const api = useApi();
  const routing = useQuery({
    queryKey: keys.routing(conversationId),
    queryFn: () => unwrap(api.GET("/api/v1/conversations/{conversation_id}/routing", { params: { path: { conversation_id: conversationId } } })),
  });
  const data = routing.data;
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={t("inbox.routing.title")}>
      {routing.isError ? <Failure error={routing.error} /> : null}
      {data ? (
        <>
          <p>
            <strong>{t(`inbox.routing.outcome.${data.outcome}`)}</strong> — {data.reason}
          </p>
          {data.routing_mode ? <p className="muted">{t("inbox.routing.mode", { mode: data.routing_mode })}</p> : null}
          {data.queue_position ? <p>{t("inbox.queuePosition", { position: data.queue_position })}</p> : null}
          {data.candidates.length ? (
            <table className="table">
              <thead>
                <tr>
                  <th>{t("inbox.routing.candidate")}</th>
                  <th>{t("inbox.routing.availability")}</th>
                  <th>{t("inbox.routing.load")}</th>
                  <th>{t("inbox.routing.why")}</th>
                </tr>
              </thead>
              <tbody>
                {data.candidates.map((c) => (
                  <tr key={c.user_id} className={c.user_id === data.chosen_user_id ? "chosen" : undefined}>
                    <td>{c.name}</td>
                    <td>{c.availability}</td>
                    <td>
                      {c.load}/{c.capacity}
                    </td>
                    <td>{c.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      ) : (
        <p className="muted">{t("common.loading")}</p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          {t("common.close")}
        </button>
      </div>
    </Dialog>
  );
}
