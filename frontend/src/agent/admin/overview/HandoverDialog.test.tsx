import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, expect, test, vi } from "vitest";
import type { Schemas } from "../../../shared/api/client";
import { renderAdmin } from "../testing";
import { HandoverDialog } from "./HandoverDialog";

afterEach(() => vi.unstubAllGlobals());

function agent(id: string, name: string, extra: Partial<Schemas["AgentLoad"]> = {}): Schemas["AgentLoad"] {
  return {
    id,
    name,
    role: "agent",
    availability: "online",
    max_concurrent: 5,
    open: 0,
    waiting: 0,
    unanswered: 0,
    snoozed: 0,
    capacity_use: 0,
    oldest_waiting_since: null,
    last_activity_at: null,
    team_ids: [],
    ...extra,
  };
}

const ABSENT = agent("00000000-0000-4000-8000-0000000000a1", "Alex Absent", { availability: "away", open: 3 });
const BOB = agent("00000000-0000-4000-8000-0000000000b0", "Bob Busy");
const SALES = "00000000-0000-4000-8000-0000000000c1";
const TEAMS = {
  items: [
    {
      id: SALES,
      name: "Sales",
      description: "",
      routing_mode: "least_busy",
      working_hours: null,
      reassign_after_minutes: null,
      members: [],
      created_at: "2026-01-01T00:00:00Z",
    },
  ],
  next_cursor: null,
};

test("hands an absent agent's conversations to a colleague and tells what became of each", async () => {
  const { calls } = renderAdmin(<HandoverDialog agent={ABSENT} agents={[ABSENT, BOB]} onClose={() => undefined} />, {
    "GET /teams": { body: TEAMS },
    [`POST /users/${ABSENT.id}/handover`]: {
      body: {
        user_id: ABSENT.id,
        conversations: [
          { conversation_id: "c1", number: 11, outcome: "assigned", assignee_id: BOB.id, team_id: null, queue_position: null },
          { conversation_id: "c2", number: 12, outcome: "queued", assignee_id: null, team_id: SALES, queue_position: 2 },
          { conversation_id: "c3", number: 13, outcome: "unassigned", assignee_id: null, team_id: null, queue_position: null },
        ],
      },
    },
  });
  const user = userEvent.setup();
  const dialog = screen.getByRole("dialog", { name: "Hand over Alex Absent's conversations" });

  await user.click(within(dialog).getByRole("button", { name: "Hand over" }));
  expect(await within(dialog).findByText("Choose who gets the conversations.")).toBeTruthy();
  expect(calls.filter((call) => call.method === "POST")).toEqual([]);

  await user.click(within(dialog).getByRole("combobox", { name: "Colleague" }));
  await user.click(await screen.findByRole("option", { name: /Bob Busy/ }));
  await user.type(within(dialog).getByLabelText("Note"), "Alex is ill today");
  await user.click(within(dialog).getByLabelText("Also when the colleague is not online"));
  await user.click(within(dialog).getByRole("button", { name: "Hand over" }));

  const outcomes = await within(dialog).findByRole("list", { name: "What happened to each conversation" });
  const items = within(outcomes).getAllByRole("listitem").map((item) => item.textContent);
  expect(items).toEqual(["#11 assigned to Bob Busy", "#12 queued in Sales, position 2", "#13 left unassigned"]);
  const post = calls.find((call) => call.method === "POST");
  expect(post?.body).toEqual({ user_id: BOB.id, note: "Alex is ill today", force: true });
});

test("a refusal from the server stays in the dialog", async () => {
  renderAdmin(<HandoverDialog agent={ABSENT} agents={[ABSENT, BOB]} onClose={() => undefined} />, {
    "GET /teams": { body: TEAMS },
    [`POST /users/${ABSENT.id}/handover`]: {
      status: 409,
      body: { type: "/problems/not-available", title: "Not available", status: 409, detail: "Bob Busy is not online." },
    },
  });
  const user = userEvent.setup();
  const dialog = screen.getByRole("dialog");
  await user.click(within(dialog).getByRole("radio", { name: "A team" }));
  await user.click(within(dialog).getByRole("combobox", { name: "Team" }));
  await user.click(await screen.findByRole("option", { name: /Sales/ }));
  await user.type(within(dialog).getByLabelText("Note"), "Away");
  await user.click(within(dialog).getByRole("button", { name: "Hand over" }));
  await waitFor(() => expect(within(dialog).getByRole("alert").textContent).toBe("Bob Busy is not online."));
});
