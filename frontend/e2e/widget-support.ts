// The widget's browser tests share: a customer's site on another origin embedding the
// one tag, the inbox and team behind it, and the agent acting over the REST API.
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { deflateSync } from "node:zlib";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Frame, Page } from "playwright-core";
import { BASE, call, type Staff } from "./support";

const TEMPLATE = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "widget-host", "index.html"), "utf8");

/** The customer's site: another origin than the helpdesk's, pasting the one tag. */
export async function hostSite(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const query = new URL(request.url ?? "/", "http://host").searchParams;
    const html = TEMPLATE.replace("{{SERVER}}", BASE).replace("{{INBOX}}", query.get("inbox") ?? "");
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface Inbox {
  id: string;
  widget_key: string;
  hmac_secret: string;
}

export async function newInbox(owner: Staff, fields: Record<string, unknown> = {}): Promise<Inbox> {
  const team = await call<{ id: string }>("POST", "/teams", {
    token: owner.token,
    body: { name: `Support ${Date.now()}`, routing_mode: "manual" },
  });
  return call<Inbox>("POST", "/inboxes", {
    token: owner.token,
    body: {
      name: "Acme Outdoor",
      channel: "web_chat",
      greeting: "Hi! Ask us anything about your order.",
      default_team_id: team.id,
      ...fields,
    },
  });
}

export function signed(inbox: Inbox, identifier: string): string {
  return createHmac("sha256", inbox.hmac_secret).update(identifier).digest("hex");
}

export function pageUrl(site: string, inbox: Inbox, identity?: Record<string, unknown>): string {
  const query = new URLSearchParams({ inbox: inbox.widget_key });
  if (identity) query.set("identity", JSON.stringify(identity));
  return `${site}?${query}`;
}

/** Opens the widget with its launcher; returns the widget's frame. */
export async function openWidget(page: Page, launcher: RegExp = /open chat/i): Promise<Frame> {
  await page.getByRole("button", { name: launcher }).click();
  return widgetFrame(page);
}

export async function widgetFrame(page: Page): Promise<Frame> {
  for (let i = 0; i < 100; i++) {
    const frame = page.frames().find((f) => f.url().startsWith(`${BASE}/widget/`));
    if (frame) return frame;
    await page.waitForTimeout(50);
  }
  throw new Error("the widget's frame never appeared");
}

interface Listed {
  items: { id: string; contact_id: string; number: number }[];
}

/** The newest conversation of the inbox, as the team sees it. */
export async function latestConversation(owner: Staff, inbox: Inbox): Promise<Listed["items"][number]> {
  for (let i = 0; i < 50; i++) {
    const listed = await call<Listed>("GET", `/conversations?inbox_id=${inbox.id}&sort=created&limit=5`, { token: owner.token });
    if (listed.items.length) return listed.items[0];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("no conversation arrived");
}

export function reply(owner: Staff, conversationId: string, text: string, kind = "reply"): Promise<unknown> {
  return call("POST", `/conversations/${conversationId}/messages`, { token: owner.token, body: { kind, text } });
}

/** A real PNG of one colour (what a pasted screenshot is), built without any library. */
export function png(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", pixels), chunk("IEND", Buffer.alloc(0))]);
}
