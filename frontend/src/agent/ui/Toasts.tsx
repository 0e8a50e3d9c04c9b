// Toasts (Radix Toast): announced politely, dismissed by swipe, Escape or after a while.
import { Toast } from "radix-ui";
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";

interface Item {
  id: number;
  title: string;
  description?: string;
  tone: "info" | "error";
}

type Notify = (title: string, options?: { description?: string; tone?: Item["tone"] }) => void;

const ToastContext = createContext<Notify>(() => undefined);

let next = 0;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<Item[]>([]);
  const notify = useCallback<Notify>((title, options) => {
    setItems((current) => [...current.slice(-4), { id: ++next, title, tone: "info", ...options }]);
  }, []);
  return (
    <ToastContext.Provider value={notify}>
      <Toast.Provider swipeDirection="right" duration={5000}>
        {children}
        {items.map((item) => (
          <Toast.Root
            key={item.id}
            className={`toast ${item.tone}`}
            type={item.tone === "error" ? "foreground" : "background"}
            onOpenChange={(open) => {
              if (!open) setItems((current) => current.filter((other) => other.id !== item.id));
            }}
          >
            <Toast.Title className="toast-title">{item.title}</Toast.Title>
            {item.description ? <Toast.Description>{item.description}</Toast.Description> : null}
          </Toast.Root>
        ))}
        <Toast.Viewport className="toast-viewport" />
      </Toast.Provider>
    </ToastContext.Provider>
  );
}

export const useToast = () => useContext(ToastContext);
