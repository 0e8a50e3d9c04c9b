// Attachments of a message: images shown inline, other files downloaded on click. Both are
// fetched with the contact token, so no link to them works outside the widget.
import { useEffect, useState } from "preact/hooks";
import type { Attachment } from "./api";
import { useWidget } from "./context";

export function Files({ attachments }: { attachments: Attachment[] }) {
  if (!attachments.length) return null;
  return (
    <ul class="hd-files">
      {attachments.map((a) => (
        <li key={a.id}>{a.content_type.startsWith("image/") ? <Picture file={a} /> : <Download file={a} />}</li>
      ))}
    </ul>
  );
}

/** Images fetched once per page: a message shown again (sent, then confirmed) reuses it. */
const pictures = new Map<string, Promise<string>>();

function Picture({ file }: { file: Attachment }) {
  const { store, t } = useWidget();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let gone = false;
    let picture = pictures.get(file.id);
    if (!picture) {
      picture = store.api.download(file.url).then((blob) => URL.createObjectURL(blob));
      picture.catch(() => pictures.delete(file.id));
      pictures.set(file.id, picture);
    }
    picture.then(
      (url) => gone || setSrc(url),
      () => undefined,
    );
    return () => {
      gone = true;
    };
  }, [file.id, file.url, store]);
  return src ? (
    <img class="hd-picture" src={src} alt={t("image", { name: file.filename })} />
  ) : (
    <span class="hd-file">{file.filename}</span>
  );
}

function Download({ file }: { file: Attachment }) {
  const { store, t } = useWidget();
  async function save() {
    const url = URL.createObjectURL(await store.api.download(file.url));
    const link = document.createElement("a");
    link.href = url;
    link.download = file.filename;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  return (
    <button type="button" class="hd-file" aria-label={t("download", { name: file.filename })} onClick={() => void save()}>
      <svg viewBox="0 0 24 24" aria-hidden="true" class="hd-clip">
        <path d="M21 11l-8.5 8.5a5 5 0 01-7-7L14 4a3.5 3.5 0 015 5l-8.5 8.5a2 2 0 01-3-3L15 7" />
      </svg>
      {file.filename}
    </button>
  );
}
