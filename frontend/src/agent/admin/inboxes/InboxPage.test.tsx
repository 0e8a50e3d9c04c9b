import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { afterEach, expect, test, vi } from "vitest";
import { description, renderAdmin } from "../testing";
import { InboxPage } from "./InboxPage";

afterEach(() => vi.unstubAllGlobals());

const INBOX = {
  id: "00000000-0000-4000-8000-0000000000e1",
  name: "Website",
  channel: "web_chat",
  greeting: "Hello!",
  auto_reply: "",
  away_message: "",
  default_team_id: null,
  widget_key: "wk_123",
  hmac_secret: "s3cret",
  bot_enabled: false,
  working_hours: { timezone: "Europe/Amsterdam", days: { mon: [["09:00", "17:00"]] } },
  is_active: true,
  widget_color: "#0a7f5a",
  widget_position: "left",
  widget_language: "nl",
  widget_origins: ["https://shop.example.com"],
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
};

function renderInbox(patch: { status?: number; body?: unknown }) {
  return renderAdmin(
    <Routes>
      <Route path="/admin/inboxes/:inboxId" element={<InboxPage />} />
    </Routes>,
    {
      "GET /inboxes": { body: { items: [INBOX], next_cursor: null } },
      "GET /teams": { body: { items: [], next_cursor: null } },
      [`PATCH /inboxes/${INBOX.id}`]: patch,
    },
    `/admin/inboxes/${INBOX.id}`,
  );
}

test("a web chat inbox shows its snippet, its secret and the widget preview", async () => {
  renderInbox({ body: INBOX });
  const snippet = await screen.findByLabelText("Widget snippet", { selector: "pre" });
  expect(snippet.textContent).toBe(`<script src="${window.location.origin}/widget.js" data-inbox="wk_123" async></script>`);
  expect(screen.getByLabelText("Identity verification secret", { selector: "pre" }).textContent).toBe("s3cret");
  expect(screen.getByTitle("Preview of the Website widget").getAttribute("src")).toBe("/widget/?inbox=wk_123");
  expect((screen.getByLabelText("Greeting") as HTMLTextAreaElement).value).toBe("Hello!");
  expect((screen.getByLabelText("Monday, period 1: from") as HTMLInputElement).value).toBe("09:00");
});

test("saving sends every editable field but the channel, and a field's 422 shows at that field", async () => {
  const { calls } = renderInbox({
    status: 422,
    body: {
      type: "/problems/validation-error",
      title: "Request validation failed",
      status: 422,
      errors: [{ loc: ["body", "name"], msg: "String should have at most 200 characters" }],
    },
  });
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText("Away message"), "We are closed");
  await user.type(screen.getByLabelText("Sites that may embed the widget"), "{Enter}https://www.example.com");
  expect(screen.getByLabelText("Position on the page")).toHaveValue("left");
  await user.click(screen.getByRole("button", { name: "Save" }));
  await waitFor(() => expect(description(screen.getByLabelText("Name"))).toBe("String should have at most 200 characters"));
  expect(calls.find((call) => call.method === "PATCH")?.body).toEqual({
    name: "Website",
    greeting: "Hello!",
    auto_reply: "",
    away_message: "We are closed",
    default_team_id: null,
    bot_enabled: false,
    working_hours: { timezone: "Europe/Amsterdam", days: { mon: [["09:00", "17:00"]] }, exceptions: [] },
    widget_color: "#0a7f5a",
    widget_position: "left",
    widget_language: "nl",
    widget_origins: ["https://shop.example.com", "https://www.example.com"],
  });
});
