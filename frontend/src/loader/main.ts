// The loader: adds the launcher and the widget's iframe to the host page.
const script = document.currentScript as HTMLScriptElement | null;
export const inboxKey = script?.dataset.inbox ?? null;
