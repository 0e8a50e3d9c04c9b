// Files chosen, dropped or pasted become attachments before the message is sent.
import { unwrap, type Api, type Schemas } from "../../shared/api/client";

export type Uploaded = Schemas["Attachment"];

export async function upload(api: Api, file: File): Promise<Uploaded> {
  return unwrap(
    api.POST("/api/v1/attachments", {
      body: { file } as never,
      bodySerializer: () => {
        const form = new FormData();
        form.append("file", file, file.name || "pasted-image.png");
        return form;
      },
    }),
  );
}

/** The files of a paste or drop (pasted screenshots have no name: give them one). */
export function filesOf(list: DataTransfer | null): File[] {
  if (!list) return [];
  return [...list.files].map((file, index) =>
    file.name ? file : new File([file], `pasted-${Date.now()}-${index}.png`, { type: file.type || "image/png" }),
  );
}
