import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Composer } from "./Composer";
import { fakeApi, fakeRealtime, renderWith } from "./test-utils";

const CANNED = { items: [{ id: "r-1", shortcut: "thanks", text: "Thank you, {{contact.name}}!", shared: true }], next_cursor: null };

function setUp() {
  const { api, calls } = fakeApi({
    "GET /api/v1/canned-responses": CANNED,
    "POST /api/v1/canned-responses/{response_id}/render": { text: "Thank you, Carla!" },
    "POST /api/v1/conversations/{conversation_id}/messages": ({ body }: { body?: unknown }) => ({ id: "m-9", ...(body as object) }),
  });
  const { realtime, emitted } = fakeRealtime();
  renderWith(<Composer conversationId="c-1" kind="reply" onKind={() => undefined} />, { api, realtime });
  return { calls, emitted, box: screen.getByRole("textbox", { name: /Write a reply/ }) };
}

beforeEach(() => localStorage.clear());

test("/ and a shortcut offer the canned response; Enter puts it in, filled for this customer", async () => {
  const { calls, box } = setUp();
  await userEvent.type(box, "/th");
  expect(await screen.findByRole("option", { name: /thanks/ })).toBeInTheDocument();
  await userEvent.keyboard("{Enter}");
  await waitFor(() => expect(box).toHaveValue("Thank you, Carla!"));
  expect(calls.find((c) => c.path.endsWith("/render"))?.options.body).toEqual({ conversation_id: "c-1" });
  expect(calls.some((c) => c.path.endsWith("/messages"))).toBe(false);
});

test("Enter sends when 'send on Enter' is on, with an idempotency key; Shift+Enter is a new line", async () => {
  const { calls, emitted, box } = setUp();
  await userEvent.type(box, "Hello{Shift>}{Enter}{/Shift}there");
  expect(box).toHaveValue("Hello\nthere");
  await userEvent.keyboard("{Enter}");
  await waitFor(() => expect(box).toHaveValue(""));
  const sent = calls.find((c) => c.path.endsWith("/messages"))!;
  expect(sent.options.body).toEqual({ kind: "reply", text: "Hello\nthere", attachment_ids: [] });
  expect((sent.options.params as { header: Record<string, string> }).header["Idempotency-Key"]).toMatch(/[0-9a-f-]{36}/);
  expect(emitted[0]).toEqual({ event: "typing", payload: { conversation_id: "c-1", on: true, internal: false } });
});

test("with 'send on Enter' off, Enter is a new line and Ctrl+Enter sends", async () => {
  const { calls, box } = setUp();
  await userEvent.click(screen.getByRole("checkbox", { name: "Send on Enter" }));
  await userEvent.type(box, "One{Enter}Two");
  expect(box).toHaveValue("One\nTwo");
  expect(calls.some((c) => c.path.endsWith("/messages"))).toBe(false);
  fireEvent.keyDown(box, { key: "Enter", ctrlKey: true });
  await waitFor(() => expect(calls.some((c) => c.path.endsWith("/messages"))).toBe(true));
  expect(localStorage.getItem("helpdesk.sendOnEnter")).toBe("false");
});
