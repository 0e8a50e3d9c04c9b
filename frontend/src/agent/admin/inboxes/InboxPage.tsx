// One inbox: its settings, and for a web chat the snippet to paste, the identity
// verification secret and a live preview of the widget.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { unwrap } from "../../../shared/api/client";
import { useApi } from "../../context";
import { useT } from "../../i18n";
import { problemText } from "../../ui/problem";
import { useToast } from "../../ui/Toasts";
import { adminKeys, storeItem, useInboxes, type Inbox } from "../api";
import { ConfirmDialog, CopyButton, PanelHeader, QueryState } from "../parts";
import { widgetSnippet } from "./draft";
import { InboxForm } from "./InboxForm";

export function InboxPage() {
  const t = useT();
  const { inboxId } = useParams();
  const query = useInboxes();
  if (inboxId === "new") {
    return (
      <section aria-labelledby="admin-inbox-title">
        <BackLink />
        <PanelHeader title={t("admin.inboxes.createTitle")} id="admin-inbox-title" />
        <InboxForm />
      </section>
    );
  }
  return (
    <QueryState query={query}>
      {(inboxes) => {
        const inbox = inboxes.find((item) => item.id === inboxId);
        if (!inbox) return <p className="admin-empty">{t("admin.inboxes.notFound")}</p>;
        return (
          <section aria-labelledby="admin-inbox-title" className="admin-inbox">
            <BackLink />
            <PanelHeader title={t("admin.inboxes.editTitle", { name: inbox.name })} id="admin-inbox-title">
              <ActiveToggle inbox={inbox} />
            </PanelHeader>
            <div className="admin-inbox-grid">
              <InboxForm key={inbox.id} inbox={inbox} />
              {inbox.channel === "web_chat" ? <WidgetInstall inbox={inbox} /> : null}
            </div>
          </section>
        );
      }}
    </QueryState>
  );
}

function BackLink() {
  const t = useT();
  return (
    <Link to="/admin/inboxes" className="admin-back">
      ← {t("admin.inboxes.back")}
    </Link>
  );
}

/** Deactivate (after asking: its widget key stops working) or reactivate the inbox. */
function ActiveToggle({ inbox }: { inbox: Inbox }) {
  const t = useT();
  const api = useApi();
  const client = useQueryClient();
  const toast = useToast();
  const [asking, setAsking] = useState(false);
  const path = { params: { path: { inbox_id: inbox.id } } };
  const change = useMutation({
    mutationFn: (active: boolean) =>
      unwrap(
        active
          ? api.PATCH("/api/v1/inboxes/{inbox_id}", { ...path, body: { is_active: true } })
          : api.DELETE("/api/v1/inboxes/{inbox_id}", path),
      ),
    onSuccess: (saved) => {
      storeItem(client, adminKeys.inboxes, saved);
      toast(t(saved.is_active ? "admin.inboxes.reactivated" : "admin.inboxes.deactivated", { name: saved.name }));
    },
  });
  const reactivate = () => change.mutate(true, { onError: (error) => toast(problemText(error), { tone: "error" }) });
  if (!inbox.is_active) {
    return (
      <button type="button" className="button" disabled={change.isPending} onClick={reactivate}>
        {t("admin.inboxes.reactivate")}
      </button>
    );
  }
  return (
    <>
      <button type="button" className="button danger" onClick={() => setAsking(true)}>
        {t("admin.inboxes.deactivate")}
      </button>
      <ConfirmDialog
        open={asking}
        onOpenChange={setAsking}
        title={t("admin.inboxes.deactivateTitle", { name: inbox.name })}
        description={t("admin.inboxes.deactivateDescription")}
        confirm={t("admin.inboxes.deactivate")}
        onConfirm={() => change.mutateAsync(false)}
      />
    </>
  );
}

function WidgetInstall({ inbox }: { inbox: Inbox }) {
  const t = useT();
  const api = useApi();
  const client = useQueryClient();
  const toast = useToast();
  const [rotating, setRotating] = useState(false);
  const snippet = widgetSnippet(window.location.origin, inbox.widget_key);
  const rotate = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/inboxes/{inbox_id}/rotate-secret", { params: { path: { inbox_id: inbox.id } } })),
    onSuccess: (saved) => {
      storeItem(client, adminKeys.inboxes, saved);
      toast(t("admin.inboxes.secretRotated"));
    },
  });
  return (
    <aside className="admin-widget" aria-label={t("admin.inboxes.install")}>
      <h3>{t("admin.inboxes.snippet")}</h3>
      <p className="muted">{t("admin.inboxes.snippetHint")}</p>
      <pre className="admin-code" aria-label={t("admin.inboxes.snippet")}>
        <code>{snippet}</code>
      </pre>
      <CopyButton text={snippet} label={t("admin.inboxes.copySnippet")} />
      {inbox.hmac_secret ? (
        <>
          <h3>{t("admin.inboxes.secret")}</h3>
          <p className="muted">{t("admin.inboxes.secretHint")}</p>
          <pre className="admin-code" aria-label={t("admin.inboxes.secret")}>
            <code>{inbox.hmac_secret}</code>
          </pre>
          <div className="admin-inline-actions">
            <CopyButton text={inbox.hmac_secret} label={t("admin.inboxes.copySecret")} />
            <button type="button" className="button small danger" onClick={() => setRotating(true)}>
              {t("admin.inboxes.rotate")}
            </button>
          </div>
        </>
      ) : null}
      <h3>{t("admin.inboxes.preview")}</h3>
      {inbox.is_active ? (
        <iframe
          key={inbox.updated_at /* a saved change shows at once */}
          className="admin-preview"
          title={t("admin.inboxes.previewTitle", { name: inbox.name })}
          src={`/widget/?inbox=${encodeURIComponent(inbox.widget_key)}`}
        />
      ) : (
        <p className="muted">{t("admin.inboxes.previewInactive")}</p>
      )}
      <ConfirmDialog
        open={rotating}
        onOpenChange={setRotating}
        title={t("admin.inboxes.rotateTitle")}
        description={t("admin.inboxes.rotateDescription")}
        confirm={t("admin.inboxes.rotate")}
        onConfirm={() => rotate.mutateAsync()}
      />
    </aside>
  );
}
