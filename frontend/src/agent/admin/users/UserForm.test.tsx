import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, expect, test, vi } from "vitest";
import { description, renderAdmin } from "../testing";
import { UserForm } from "./UserForm";

afterEach(() => vi.unstubAllGlobals());

const VALIDATION = {
  status: 422,
  body: {
    type: "/problems/validation-error",
    title: "Request validation failed",
    status: 422,
    errors: [
      { loc: ["body", "email"], msg: "value is not a valid email address" },
      { loc: ["body", "password"], msg: "String should have at least 8 characters" },
    ],
  },
};

async function fillIn() {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("Name"), "Ann Agent");
  await user.type(screen.getByLabelText("E-mail"), "not-an-address");
  await user.type(screen.getByLabelText("Initial password"), "short");
  await user.click(screen.getByRole("button", { name: "Add user" }));
}

test("a 422 puts each field's message next to that field, and the form stays open", async () => {
  const onClose = vi.fn();
  const { calls } = renderAdmin(<UserForm onClose={onClose} />, { "POST /users": VALIDATION });
  await fillIn();

  const email = screen.getByLabelText("E-mail");
  await waitFor(() => expect(email.getAttribute("aria-invalid")).toBe("true"));
  expect(description(email)).toBe("value is not a valid email address");
  expect(description(screen.getByLabelText("Initial password"))).toBe(
    "At least 8 characters; they can change it later. String should have at least 8 characters",
  );
  expect(screen.getByLabelText("Name").getAttribute("aria-invalid")).toBeNull();
  expect(screen.queryByText("Request validation failed")).toBeNull();
  expect(calls[0].body).toEqual({ name: "Ann Agent", email: "not-an-address", password: "short", role: "agent", max_concurrent: 5 });
  expect(onClose).not.toHaveBeenCalled();
});

test("an e-mail already in use is shown at the e-mail field", async () => {
  renderAdmin(<UserForm onClose={() => undefined} />, {
    "POST /users": {
      status: 409,
      body: { type: "/problems/email-taken", title: "E-mail already in use", status: 409, detail: "A user with e-mail x already exists." },
    },
  });
  await fillIn();
  await waitFor(() => expect(description(screen.getByLabelText("E-mail"))).toBe("A user with e-mail x already exists."));
});

test("editing sends only what changed", async () => {
  const ann = {
    id: "00000000-0000-4000-8000-0000000000a1",
    name: "Ann Agent",
    email: "ann@example.com",
    role: "agent" as const,
    availability: "online" as const,
    max_concurrent: 5,
    auto_assign: true,
    is_active: true,
    created_at: "2026-01-01T00:00:00Z",
    deactivated_at: null,
  };
  const onClose = vi.fn();
  const { calls } = renderAdmin(<UserForm user={ann} onClose={onClose} />, {
    [`PATCH /users/${ann.id}`]: { body: { ...ann, max_concurrent: 8, availability: "away" } },
  });
  const user = userEvent.setup();
  const capacity = screen.getByLabelText("Maximum conversations");
  await user.clear(capacity);
  await user.type(capacity, "8");
  await user.selectOptions(screen.getByLabelText("Availability"), "away");
  await user.click(screen.getByRole("button", { name: "Save" }));
  await waitFor(() => expect(onClose).toHaveBeenCalled());
  expect(calls.map((call) => [call.method, call.body])).toEqual([["PATCH", { max_concurrent: 8, availability: "away" }]]);
});
