// Writing: text, files picked or pasted (screenshots), Enter to send, Shift+Enter for a
// new line. The team hears the customer typing.
import { useState } from "preact/hooks";
import type { Attachment } from "./api";
import { useWidget } from "./context";
import type { View } from "./state";
import { newKey } from "./store";

interface Upload {
  key: string;
  name: string;
  state: "uploading" | "done" | "failed";
  attachment?: Attachment;
}

export function Composer({ view }: { view: Extract<View, { name: "chat" }> }) {
  const { t, store, live } = useWidget();
  const [text, setText] = useState("");
  const [uploads, setUploads] = useState<Upload[]>([]);
  const id = view.conversationId;
  const ready = uploads.filter((u) => u.state === "done");
  const busy = uploads.some((u) => u.state === "uploading");
  const canSend = !busy && (text.trim() !== "" || ready.length > 0);

  function upload(files: File[]) {
    for (const file of files) {
      const key = newKey();
      const name = file.name || "image.png";
      const named = file.name ? file : new File([file], name, { type: file.type });
      setUploads((all) => [...all, { key, name, state: "uploading" }]);
      store.api.upload(named).then(
        (attachment) =>
          setUploads((all) => all.map((u) => (u.key === key ? { ...u, state: "done", attachment } : u))),
        () => setUploads((all) => all.map((u) => (u.key === key ? { ...u, state: "failed" } : u))),
      );
    }
  }

  function send(event?: Event) {
    event?.preventDefault();
    if (!canSend) return;
    store.send(view, text.trim(), ready.map((u) => u.attachment as Attachment));
    setText("");
    setUploads((all) => all.filter((u) => u.state === "uploading"));
    if (id) live.typing(id, false);
  }

  return (
    <form class="hd-composer" onSubmit={send}>
      {uploads.length > 0 && (
        <ul class="hd-uploads" aria-live="polite">
          {uploads.map((u) => (
            <li key={u.key} class={`hd-upload hd-upload-${u.state}`}>
              <span>
                {u.state === "uploading"
                  ? t("uploading", { name: u.name })
                  : u.state === "failed"
                    ? t("uploadFailed", { name: u.name })
                    : u.name}
              </span>
              <button
                type="button"
                class="hd-icon hd-small"
                aria-label={t("removeAttachment", { name: u.name })}
                onClick={() => setUploads((all) => all.filter((x) => x.key !== u.key))}
              >
                <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18" /></svg>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="hd-compose-row">
        <label class="hd-icon hd-attach" title={t("attach")}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M21 11l-8.5 8.5a5 5 0 01-7-7L14 4a3.5 3.5 0 015 5l-8.5 8.5a2 2 0 01-3-3L15 7" />
          </svg>
          <input
            type="file"
            multiple
            class="hd-hidden-input"
            aria-label={t("attach")}
            onChange={(e) => {
              const input = e.currentTarget;
              upload(Array.from(input.files ?? []));
              input.value = "";
            }}
          />
        </label>
        <textarea
          class="hd-input"
          rows={1}
          value={text}
          placeholder={t("placeholder")}
          aria-label={t("placeholder")}
          onInput={(e) => {
            setText(e.currentTarget.value);
            if (id && e.currentTarget.value) live.typing(id, true);
          }}
          onBlur={() => id && live.typing(id, false)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.isComposing) send(e);
          }}
          onPaste={(e) => {
            const files = Array.from(e.clipboardData?.files ?? []);
            if (files.length) {
              e.preventDefault();
              upload(files);
            }
          }}
        />
        <button type="submit" class="hd-send" aria-label={t("send")} disabled={!canSend}>
          <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 12l16-8-6 16-2-7z" /></svg>
        </button>
      </div>
    </form>
  );
}
