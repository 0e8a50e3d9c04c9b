// Write a reply, an internal note or (owners and admins) a whisper. "/" opens the canned
// responses, filled for this conversation; files by picker, drop or paste; Enter sends
// when "send on Enter" is on (Shift+Enter for a new line), Ctrl+Enter always does.
import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { unwrap } from "../../shared/api/client";
import { useApi, useMe, useRealtime } from "../context";
import { useT } from "../i18n";
import { problemText } from "../ui/problem";
import { useToast } from "../ui/Toasts";
import { useCannedResponses } from "./queries";
import { filesOf, upload, type Uploaded } from "./upload";

export type Kind = "reply" | "note" | "whisper";
const SEND_ON_ENTER = "helpdesk.sendOnEnter";

export function Composer({ conversationId, kind, onKind }: { conversationId: string; kind: Kind; onKind: (kind: Kind) => void }) {
  const t = useT();
  const api = useApi();
  const me = useMe();
  const realtime = useRealtime();
  const toast = useToast();
  const canned = useCannedResponses();
  const [text, setText] = useState("");
  const [files, setFiles] = useState<Uploaded[]>([]);
  const [uploading, setUploading] = useState(0);
  const [sendOnEnter, setSendOnEnter] = useState(() => localStorage.getItem(SEND_ON_ENTER) !== "false");
  const [pick, setPick] = useState(0);
  const [dragging, setDragging] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const typing = useRef<{ on: boolean; timer?: ReturnType<typeof setTimeout> }>({ on: false });
  const isAdmin = me.role === "owner" || me.role === "admin";

  const slash = /^\/(\S*)$/.exec(text);
  const suggestions = slash ? (canned.data ?? []).filter((c) => c.shortcut.toLowerCase().startsWith(slash[1].toLowerCase())).slice(0, 8) : [];

  function signalTyping(on: boolean) {
    clearTimeout(typing.current.timer);
    if (on) typing.current.timer = setTimeout(() => signalTyping(false), 3000);
    if (typing.current.on === on && !on) return;
    typing.current.on = on;
    void realtime.emit("typing", { conversation_id: conversationId, on, internal: kind !== "reply" }).catch(() => undefined);
  }
  useEffect(() => () => clearTimeout(typing.current.timer), []);

  const send = useMutation({
    mutationFn: async () => {
      const key = crypto.randomUUID();
      return unwrap(
        api.POST("/api/v1/conversations/{conversation_id}/messages", {
          params: { path: { conversation_id: conversationId }, header: { "Idempotency-Key": key } },
          body: { kind, text: text.trim(), attachment_ids: files.map((f) => f.id) },
        }),
      );
    },
    onSuccess: () => {
      setText("");
      setFiles([]);
      signalTyping(false);
    },
    onError: (error) => toast(problemText(error), { tone: "error" }),
  });

  async function attach(list: File[]) {
    if (!list.length) return;
    setUploading((n) => n + list.length);
    for (const file of list) {
      try {
        const uploaded = await upload(api, file);
        setFiles((current) => [...current, uploaded]);
      } catch (error) {
        toast(t("inbox.composer.uploadFailed", { name: file.name, detail: problemText(error) }), { tone: "error" });
      } finally {
        setUploading((n) => n - 1);
      }
    }
  }

  async function insertCanned(id: string) {
    try {
      const rendered = await unwrap(
        api.POST("/api/v1/canned-responses/{response_id}/render", {
          params: { path: { response_id: id } },
          body: { conversation_id: conversationId },
        }),
      );
      setText(rendered.text);
      box.current?.focus();
    } catch (error) {
      toast(problemText(error), { tone: "error" });
    }
  }

  const canSend = (text.trim() || files.length) && !uploading && !send.isPending;

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (suggestions.length) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        setPick((n) => (n + (event.key === "ArrowDown" ? 1 : suggestions.length - 1)) % suggestions.length);
        return;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        void insertCanned(suggestions[pick].id);
        return;
      }
    }
    const wantsSend = event.key === "Enter" && (event.ctrlKey || event.metaKey || (sendOnEnter && !event.shiftKey));
    if (wantsSend) {
      event.preventDefault();
      if (canSend) send.mutate();
    }
  }

  return (
    <div
      className={`composer kind-${kind}${dragging ? " dragging" : ""}`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        void attach(filesOf(event.dataTransfer));
      }}
    >
      <div className="composer-kinds" role="radiogroup" aria-label={t("inbox.composer.kind")}>
        {(["reply", "note", ...(isAdmin ? ["whisper" as const] : [])] as Kind[]).map((k) => (
          <button key={k} type="button" role="radio" aria-checked={kind === k} className={kind === k ? "kind-tab active" : "kind-tab"} onClick={() => onKind(k)}>
            {t(`inbox.composer.${k}`)}
          </button>
        ))}
      </div>
      {suggestions.length ? (
        <ul className="canned-list" role="listbox" aria-label={t("inbox.composer.canned")}>
          {suggestions.map((c, index) => (
            <li key={c.id} role="option" aria-selected={index === pick} className={index === pick ? "active" : undefined} onMouseDown={(e) => e.preventDefault()} onClick={() => void insertCanned(c.id)}>
              <strong>/{c.shortcut}</strong> <span className="muted">{c.text.slice(0, 80)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <textarea
        ref={box}
        className="input composer-text"
        rows={3}
        aria-label={t(`inbox.composer.placeholder.${kind}`)}
        placeholder={t(`inbox.composer.placeholder.${kind}`)}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setPick(0);
          signalTyping(event.target.value.length > 0);
        }}
        onKeyDown={onKeyDown}
        onPaste={(event) => {
          const pasted = filesOf(event.clipboardData);
          if (pasted.length) {
            event.preventDefault();
            void attach(pasted);
          }
        }}
        data-composer
      />
      {files.length || uploading ? (
        <ul className="composer-files" aria-label={t("inbox.composer.attachments")}>
          {files.map((file) => (
            <li key={file.id} className="chip">
              {file.filename}
              <button type="button" className="link" aria-label={t("inbox.composer.remove", { name: file.filename })} onClick={() => setFiles((all) => all.filter((f) => f.id !== file.id))}>
                ×
              </button>
            </li>
          ))}
          {uploading ? <li className="muted">{t("inbox.composer.uploading")}</li> : null}
        </ul>
      ) : null}
      <div className="composer-bar">
        <label className="button small">
          {t("inbox.composer.attach")}
          <input
            type="file"
            multiple
            className="visually-hidden"
            onChange={(event) => {
              void attach([...(event.target.files ?? [])]);
              event.target.value = "";
            }}
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={sendOnEnter}
            onChange={(event) => {
              setSendOnEnter(event.target.checked);
              localStorage.setItem(SEND_ON_ENTER, String(event.target.checked));
            }}
          />
          {t("inbox.composer.sendOnEnter")}
        </label>
        <span className="spacer" />
        <button type="button" className="button primary" disabled={!canSend} onClick={() => send.mutate()}>
          {t(`inbox.composer.send.${kind}`)}
        </button>
      </div>
    </div>
  );
}
