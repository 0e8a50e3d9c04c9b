import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";
import type { Schemas } from "../../shared/api/client";
import { renderApp, scriptedFetch } from "../testing";
import { ContactDialog, contactChanges } from "./ContactDialog";

const CONTACT = { id: "k-1", name: "Carla", email: "carla@example.com", phone: null } as Schemas["Contact"];

test("only changed fields are sent, and an emptied one is cleared", () => {
  expect(contactChanges(CONTACT, { name: "Carla", email: "carla@example.com", phone: "" })).toEqual({});
  expect(contactChanges(CONTACT, { name: " Carla Jansen ", email: "", phone: "+31 6 1234" })).toEqual({
    name: "Carla Jansen",
    email: null,
    phone: "+31 6 1234",
  });
});

test("saving patches the contact and closes; a refusal stays in the dialog", async () => {
  let status = 422;
  const { calls } = scriptedFetch({
    "PATCH /contacts/k-1": (call) =>
      status === 422
        ? { status, body: { title: "Unprocessable", detail: "Bad e-mail", errors: [{ loc: ["body", "email"], msg: "not an e-mail" }] } }
        : { body: { ...CONTACT, ...(call.body as object) } },
  });
  const onClose = vi.fn();
  renderApp(<ContactDialog contact={CONTACT} onClose={onClose} />);
  await userEvent.clear(screen.getByLabelText("Name"));
  await userEvent.type(screen.getByLabelText("Name"), "Carla Jansen");
  await userEvent.click(screen.getByRole("button", { name: "Save" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("email: not an e-mail");
  expect(onClose).not.toHaveBeenCalled();

  status = 200;
  await userEvent.click(screen.getByRole("button", { name: "Save" }));
  await waitFor(() => expect(onClose).toHaveBeenCalled());
  expect(calls.at(-1)?.body).toEqual({ name: "Carla Jansen" });
});
