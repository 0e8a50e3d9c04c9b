// Attachments are downloaded with the bearer token (a plain <img src> cannot send it),
// then shown from a blob: images inline, other files as a link that saves them.
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import type { Schemas } from "../../shared/api/client";
import { useServices } from "../context";
import { useT } from "../i18n";

type Brief = Schemas["AttachmentBrief"];

export function AttachmentView({ file }: { file: Brief }) {
  const t = useT();
  const { session } = useServices();
  const image = file.content_type.startsWith("image/");
  const blob = useQuery({
    queryKey: ["attachment", file.id],
    queryFn: async () => {
      const token = session.token() ?? (await session.renew());
      const response = await fetch(file.url, { headers: { Authorization: `Bearer ${token}` } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return URL.createObjectURL(await response.blob());
    },
    enabled: image,
    gcTime: 5 * 60_000,
  });
  useEffect(() => () => void (blob.data && setTimeout(() => URL.revokeObjectURL(blob.data!), 5 * 60_000)), [blob.data]);

  async function save() {
    const token = session.token() ?? (await session.renew());
    const response = await fetch(file.url, { headers: { Authorization: `Bearer ${token}` } });
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement("a");
    link.href = url;
    link.download = file.filename;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  if (image && blob.data) {
    return (
      <a href={blob.data} target="_blank" rel="noreferrer" aria-label={t("inbox.openImage", { name: file.filename })}>
        <img src={blob.data} alt={file.filename} className="attachment-image" />
      </a>
    );
  }
  return (
    <button type="button" className="link attachment-file" onClick={() => void save()}>
      📎 {file.filename} <span className="muted">({Math.ceil(file.size_bytes / 1024)} KB)</span>
    </button>
  );
}
