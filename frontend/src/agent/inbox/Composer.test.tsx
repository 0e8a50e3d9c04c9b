import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderApp, scriptedFetch } from "../testing";
import { Composer } from "./Composer";

const CANNED = { items: [{ id: "r-1", shortcut: "thanks", text: "Thank you, {{contact.name}}!", shared: true }], next_cursor: null };

function setUp() {
  const { calls } = scriptedFetch({
    "GET /canned-responses": { body: CANNED },
    "POST /canned-responses/r-1/render": { body: { text: "Thank you, Carla!" } },
    "POST /conversations/c-1/messages": (call) => ({ status: 201, body: { id: "m-9", ...(call.body as object) } }),
  });
  const { realtime } = renderApp(<Composer conversationId="c-1" kind="reply" onKind={() => undefined} />);
  const sent = () => calls.filter((c) => c.path.endsWith("/messages"));
  return { calls, sent, realtime, box: screen.getByRole("textbox", { name: /Write a reply/ }) };
}

beforeEach(() => localStorage.clear());

test("/ and a shortcut offer the canned response; Enter puts it in, filled for this customer", async () => {
  const { calls, sent, box } = setUp();
  await userEvent.type(box, "/th");
  expect(await screen.findByRole("option", { name: /thanks/ })).toBeInTheDocument();
  await userEvent.keyboard("{Enter}");
  await waitFor(() => expect(box).toHaveValue("Thank you, Carla!"));
  expect(calls.find((c) => c.path.endsWith("/render"))?.body).toEqual({ conversation_id: "c-1" });
  expect(sent()).toHaveLength(0);
});

test("Enter sends when 'send on Enter' is on, with an idempotency key; Shift+Enter is a new line", async () => {
  const { sent, realtime, box } = setUp();
  await userEvent.type(box, "Hello{Shift>}{Enter}{/Shift}there");
  expect(box).toHaveValue("Hello\nthere");
  await userEvent.keyboard("{Enter}");
  await waitFor(() => expect(box).toHaveValue(""));
  expect(sent()[0].body).toEqual({ kind: "reply", text: "Hello\nthere", attachment_ids: [] });
  expect(sent()[0].headers.get("Idempotency-Key")).toMatch(/^[0-9a-f-]{36}$/);
  expect(realtime.emitted[0]).toEqual({ event: "typing", payload: { conversation_id: "c-1", on: true, internal: false } });
});

test("with 'send on Enter' off, Enter is a new line and Ctrl+Enter sends", async () => {
  const { sent, box } = setUp();
  await userEvent.click(screen.getByRole("checkbox", { name: "Send on Enter" }));
  await userEvent.type(box, "One{Enter}Two");
  expect(box).toHaveValue("One\nTwo");
  expect(sent()).toHaveLength(0);
  fireEvent.keyDown(box, { key: "Enter", ctrlKey: true });
  await waitFor(() => expect(sent()).toHaveLength(1));
  expect(localStorage.getItem("helpdesk.sendOnEnter")).toBe("false");
});
