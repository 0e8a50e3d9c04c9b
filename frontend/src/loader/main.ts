// The loader pasted on customers' sites:
//   <script src="https://helpdesk.example/widget.js" data-inbox="KEY" async></script>
// It frames the widget (from the helpdesk's own origin, where the contact token stays)
// and shows a launcher once the widget says it is ready. The page may call, even before
// this script has loaded (see README):
//   window.Helpdesk("identify", {identifier, name, email, identifier_hash});
//   window.Helpdesk("open"); window.Helpdesk("close");
import { frameStyle, launcherStyle, PHONE } from "./style";

type Command = [name: string, argument?: unknown];
interface Queued {
  (...command: Command): void;
  q?: Command[];
}
interface Ready {
  color: string;
  position: string;
  label: string;
  title: string;
  closeLabel: string;
}
declare global {
  interface Window {
    Helpdesk?: Queued;
  }
}

const script = document.currentScript as HTMLScriptElement | null;
const key = script?.dataset.inbox;

if (script && key && !document.getElementById("helpdesk-widget")) {
  const origin = new URL(script.src).origin;
  const host = document.createElement("div");
  host.id = "helpdesk-widget";
  const root = host.attachShadow({ mode: "open" });
  const frame = document.createElement("iframe");
  frame.src = `${origin}/widget/?inbox=${encodeURIComponent(key)}&host=${encodeURIComponent(location.origin)}`;
  frame.setAttribute("allow", "clipboard-read; clipboard-write");
  frame.style.cssText = "display:none";
  const launcher = document.createElement("button");
  launcher.type = "button";
  launcher.style.display = "none";
  launcher.setAttribute("aria-expanded", "false");
  launcher.innerHTML =
    '<svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" fill="currentColor"><path d="M4 4h16a2 2 0 012 2v10a2 2 0 01-2 2H9l-5 4v-4a2 2 0 01-2-2V6a2 2 0 012-2z"/></svg><span></span>';
  const badge = launcher.querySelector("span")!;
  root.append(frame, launcher);

  const phone = matchMedia(PHONE);
  let ready: Ready | null = null;
  let isOpen = false;
  let booted = false;
  let identity: unknown = null;
  let openWhenReady = false;
  let large = false;
  const post = (message: object) => frame.contentWindow?.postMessage({ helpdesk: 1, ...message }, origin);

  const layout = () => {
    if (!ready) return;
    frame.style.cssText = frameStyle(ready.position, isOpen, phone.matches, large);
    launcher.style.cssText = launcherStyle(ready.color, ready.position, isOpen && phone.matches);
  };
  const toggle = (open: boolean) => {
    if (!ready || open === isOpen) return;
    isOpen = open;
    launcher.setAttribute("aria-expanded", String(open));
    launcher.setAttribute("aria-label", open ? ready.closeLabel : ready.label);
    layout();
    post({ type: open ? "open" : "close", phone: phone.matches });
    if (open) frame.focus();
    else launcher.focus();
  };
  const run = (...[name, argument]: Command) => {
    if (name === "identify") {
      identity = argument;
      if (booted) post({ type: "identify", identity });
    } else if (name === "open" || name === "close") {
      openWhenReady = name === "open";
      toggle(openWhenReady);
    }
  };

  launcher.addEventListener("click", () => toggle(!isOpen));
  phone.addEventListener("change", layout);
  addEventListener("message", (event: MessageEvent) => {
    const data = event.data;
    if (event.source !== frame.contentWindow || event.origin !== origin || data?.helpdesk !== 1) return;
    if (data.type === "ready") {
      ready = data as Ready;
      frame.title = ready.title;
      launcher.setAttribute("aria-label", ready.label);
      layout();
      booted = true;
      post({ type: "boot", identity });
      if (openWhenReady) toggle(true);
    } else if (data.type === "close") toggle(false);
    else if (data.type === "size") {
      large = !!data.large;
      layout();
    }
    else if (data.type === "unread") {
      badge.textContent = data.count ? String(data.count) : "";
      badge.style.cssText = data.count
        ? "position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 5px;border-radius:10px;background:#dc2626;color:#fff;font:600 12px/20px system-ui,sans-serif"
        : "";
      launcher.setAttribute("aria-label", data.count ? `${ready?.label} (${data.label})` : (ready?.label ?? ""));
    }
  });

  const queued = window.Helpdesk?.q ?? [];
  window.Helpdesk = run;
  queued.forEach((command) => run(...command));
  document.body.append(host);
}
