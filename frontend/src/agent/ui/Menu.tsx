// A menu of actions behind a button (Radix DropdownMenu): arrow keys, typeahead, Escape.
import { DropdownMenu as M } from "radix-ui";
import type { ReactNode } from "react";

export interface MenuItem {
  label: string;
  onSelect: () => void;
  disabled?: boolean;
  danger?: boolean;
}

export function Menu({ label, trigger, items }: { label: string; trigger: ReactNode; items: MenuItem[] }) {
  return (
    <M.Root>
      <M.Trigger className="button" aria-label={label}>
        {trigger}
      </M.Trigger>
      <M.Portal>
        <M.Content className="menu" align="end" sideOffset={4}>
          {items.map((item) => (
            <M.Item
              key={item.label}
              className={item.danger ? "menu-item danger" : "menu-item"}
              disabled={item.disabled}
              onSelect={item.onSelect}
            >
              {item.label}
            </M.Item>
          ))}
        </M.Content>
      </M.Portal>
    </M.Root>
  );
}
