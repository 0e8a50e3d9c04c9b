// The widget's page, framed by the loader: /widget/?inbox=KEY&host=ORIGIN. It reads its
// inbox's look, tells the host page it is ready (the launcher then shows), and starts the
// visitor's session when the host page says who they are (or that they are anonymous).
import { render } from "preact";
import { App } from "./App";
import { connectHost, type FromHost } from "./bridge";
import { WidgetContext } from "./context";
import { pickLanguage, translator } from "./i18n";
import { Live } from "./live";
import { Store } from "./store";
import { accentText } from "./theme";
import "./widget.css";

const params = new URLSearchParams(location.search);
let t = translator("en");
const store = new Store(params.get("inbox") ?? "", {
  unread: (count) => bridge.post({ type: "unread", count, label: t("unread", { n: count }) }),
  resize: (large) => bridge.post({ type: "size", large }),
});
const live = new Live(store);
const bridge = connectHost(params.get("host"), (message) => void onHost(message));
let booted = false;
let sessions = Promise.resolve();

/** Sessions start one after the other: an identify right after boot is the one that stays. */
function begin(identity: Parameters<Store["start"]>[0]): Promise<void> {
  booted = true;
  sessions = sessions.then(async () => {
    if (await store.start(identity)) live.reconnect();
  });
  return sessions;
}

async function onHost(message: FromHost): Promise<void> {
  if (message.type === "boot" && !booted) await begin(message.identity);
  else if (message.type === "identify") await begin(message.identity);
  else if (message.type === "open") {
    store.setOpen(true, message.phone);
    requestAnimationFrame(() => document.querySelector<HTMLElement>("textarea, .hd-primary")?.focus());
  } else if (message.type === "close") store.setOpen(false);
}

addEventListener("online", () => void store.flush());

async function main(): Promise<void> {
  const root = document.getElementById("widget")!;
  const ok = await store.loadSettings();
  const settings = store.state.settings;
  const language = pickLanguage(settings?.language, navigator.languages);
  document.documentElement.lang = language;
  t = translator(language);
  if (settings) {
    document.documentElement.style.setProperty("--hd-accent", settings.color);
    document.documentElement.style.setProperty("--hd-on-accent", accentText(settings.color));
    document.title = settings.name;
  }
  const close = () => {
    store.setOpen(false);
    bridge.post({ type: "close" });
  };
  render(
    <WidgetContext.Provider value={{ store, live, t, close, embedded: bridge.embedded }}>
      <App />
    </WidgetContext.Provider>,
    root,
  );
  if (!ok || !settings) return;
  bridge.post({
    type: "ready",
    color: settings.color,
    position: settings.position,
    label: t("launcher"),
    title: t("title"),
    closeLabel: t("close"),
  });
  if (!bridge.embedded) {
    // Opened on its own (a direct link): an anonymous visitor, shown at once.
    store.setOpen(true);
    await begin(null);
  }
}

void main();
