import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect, test, vi } from "vitest";
import { I18nProvider } from "../i18n";
import { Composer } from "./Composer";

const members = [
  { id: "a", name: "Alice Admin" },
  { id: "b", name: "Bob Baker" },
  { id: "c", name: "Alba Claes" },
];

function setUp() {
  const onSend = vi.fn(async () => true);
  render(
    <I18nProvider language="en">
      <Composer channelLabel="Night shift" members={members} busy={false} onSend={onSend} />
    </I18nProvider>,
  );
  return { onSend, box: screen.getByRole<HTMLTextAreaElement>("textbox", { name: "Message Night shift" }) };
}

test("@ offers matching members; arrows choose, Enter inserts the name, and the send carries the mention", async () => {
  const user = userEvent.setup();
  const { onSend, box } = setUp();
  await user.type(box, "Ask @al");
  const list = screen.getByRole("listbox", { name: "Colleagues to mention" });
  expect([...list.querySelectorAll("[role=option]")].map((option) => option.textContent)).toEqual(["Alice Admin", "Alba Claes"]);
  expect(screen.getByRole("option", { name: "Alice Admin" }).getAttribute("aria-selected")).toBe("true");
  expect(box.getAttribute("aria-activedescendant")).toBe(screen.getByRole("option", { name: "Alice Admin" }).id);

  await user.keyboard("{ArrowDown}");
  expect(screen.getByRole("option", { name: "Alba Claes" }).getAttribute("aria-selected")).toBe("true");
  await user.keyboard("{Enter}");
  expect(box.value).toBe("Ask @Alba Claes ");
  expect(box.selectionStart).toBe("Ask @Alba Claes ".length);
  expect(screen.queryByRole("listbox")).toBeNull();
  expect(onSend).not.toHaveBeenCalled();

  await user.type(box, "about it{Enter}");
  expect(onSend).toHaveBeenCalledWith("Ask @Alba Claes about it", ["c"]);
  expect(box.value).toBe("");
});

test("a last name matches too, Escape closes the list, and Enter then sends", async () => {
  const user = userEvent.setup();
  const { onSend, box } = setUp();
  await user.type(box, "hi @bak");
  expect(screen.getByRole("option", { name: "Bob Baker" })).toBeTruthy();
  await user.keyboard("{Escape}");
  expect(screen.queryByRole("listbox")).toBeNull();
  await user.keyboard("{Enter}");
  expect(onSend).toHaveBeenCalledWith("hi @bak", []);
});

test("Shift+Enter breaks the line instead of sending; an e-mail address offers nobody", async () => {
  const user = userEvent.setup();
  const { onSend, box } = setUp();
  await user.type(box, "write to bob@al");
  expect(screen.queryByRole("listbox")).toBeNull();
  await user.keyboard("{Shift>}{Enter}{/Shift}tomorrow");
  expect(box.value).toBe("write to bob@al\ntomorrow");
  expect(onSend).not.toHaveBeenCalled();
});
