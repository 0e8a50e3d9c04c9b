// What every screen of the widget reaches: the store (and its state), the socket, texts.
import { createContext } from "preact";
import { useContext, useEffect, useReducer } from "preact/hooks";
import type { Translate } from "./i18n";
import type { Live } from "./live";
import type { State } from "./state";
import type { Store } from "./store";

export interface Widget {
  store: Store;
  live: Pick<Live, "typing">;
  t: Translate;
  /** Asks the host page to close the widget (the launcher takes the focus back). */
  close(): void;
  embedded: boolean;
}

export const WidgetContext = createContext<Widget | null>(null);

export function useWidget(): Widget & { state: State } {
  const widget = useContext(WidgetContext);
  if (!widget) throw new Error("useWidget outside the widget");
  const [, rerender] = useReducer((n: number, _: void) => n + 1, 0);
  useEffect(() => widget.store.subscribe(() => rerender()), [widget.store]);
  return { ...widget, state: widget.store.state };
}
