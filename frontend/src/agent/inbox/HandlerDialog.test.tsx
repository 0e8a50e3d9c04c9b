import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";
import { aMe, renderApp, scriptedFetch } from "../testing";
import { HandlerDialog } from "./HandlerDialog";

const BEN = "00000000-0000-4000-8000-0000000000b0";

function setUp() {
  scriptedFetch({
    "GET /users": { body: { items: [{ id: BEN, name: "Ben Agent", availability: "online", max_concurrent: 5, is_active: true }], next_cursor: null } },
    "GET /teams": { body: { items: [{ id: "t-1", name: "Support" }], next_cursor: null } },
    "GET /overview/load": { body: { items: [{ id: BEN, name: "Ben Agent", availability: "online", load: 2, max_concurrent: 5 }] } },
  });
  const onSubmit = vi.fn(async () => undefined);
  const onClose = vi.fn();
  renderApp(<HandlerDialog mode="transfer" onClose={onClose} onSubmit={onSubmit} />, { me: aMe({ role: "agent" }) });
  return { onSubmit, onClose };
}

test("an agent sees each colleague's availability and load, and a transfer needs a note", async () => {
  const { onSubmit, onClose } = setUp();
  await userEvent.click(screen.getByRole("combobox", { name: "To" }));
  const ben = await screen.findByRole("option", { name: /Ben Agent/ });
  await waitFor(() => expect(ben).toHaveTextContent("Online · 2 of 5"));
  await userEvent.click(ben);
  await userEvent.click(screen.getByRole("button", { name: "Transfer" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("Write a note");
  expect(onSubmit).not.toHaveBeenCalled();

  await userEvent.type(screen.getByRole("textbox", { name: /Note/ }), "Courier issue");
  await userEvent.click(screen.getByRole("button", { name: "Transfer" }));
  await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ user_id: BEN, note: "Courier issue" }));
  expect(onClose).toHaveBeenCalled();
});
