// Pick one option by typing (cmdk inside a Radix Popover): a combobox the screen reader
// names, with the list filtered as you type and Enter to choose.
import { Command } from "cmdk";
import { Popover } from "radix-ui";
import { useState, type ReactNode } from "react";

export interface Option {
  value: string;
  label: string;
  hint?: ReactNode;
  disabled?: boolean;
}

interface Props {
  label: string;
  placeholder: string;
  options: Option[];
  value: string | null;
  onChange: (value: string) => void;
  empty: string;
}

export function Combobox({ label, placeholder, options, value, onChange, empty }: Props) {
  const [open, setOpen] = useState(false);
  const chosen = options.find((option) => option.value === value);
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger className="button combobox-trigger" aria-label={label} role="combobox" aria-expanded={open}>
        {chosen ? chosen.label : placeholder}
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="popover combobox" align="start" sideOffset={4}>
          <Command label={label}>
            <Command.Input placeholder={placeholder} className="input" autoFocus />
            <Command.List>
              <Command.Empty>{empty}</Command.Empty>
              {options.map((option) => (
                <Command.Item
                  key={option.value}
                  value={`${option.label} ${option.value}`}
                  disabled={option.disabled}
                  onSelect={() => {
                    onChange(option.value);
                    setOpen(false);
                  }}
                  className="combobox-item"
                >
                  <span>{option.label}</span>
                  {option.hint ? <span className="muted">{option.hint}</span> : null}
                </Command.Item>
              ))}
            </Command.List>
          </Command>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
