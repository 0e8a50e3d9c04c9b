// A modal dialog (Radix): focus trapped, Escape closes, title and description announced.
import { Dialog as D } from "radix-ui";
import type { ReactNode } from "react";

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: string;
  children: ReactNode;
}

export function Dialog({ open, onOpenChange, title, description, children }: Props) {
  return (
    <D.Root open={open} onOpenChange={onOpenChange}>
      <D.Portal>
        <D.Overlay className="dialog-overlay" />
        <D.Content className="dialog">
          <D.Title className="dialog-title">{title}</D.Title>
          {description ? (
            <D.Description className="dialog-description">{description}</D.Description>
          ) : (
            <D.Description className="visually-hidden">{title}</D.Description>
          )}
          {children}
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}
