import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { renderAdmin } from "../testing";
import { OverviewPanel } from "./OverviewPanel";

afterEach(() => vi.unstubAllGlobals());

const ANN = "00000000-0000-4000-8000-0000000000a1";

function overview(open: number) {
  return {
    generated_at: "2026-01-01T00:00:00Z",
    teams: [],
    agents: [
      {
        id: ANN,
        name: "Ann Agent",
        role: "agent",
        availability: "online",
        max_concurrent: 4,
        open,
        waiting: 0,
        unanswered: 0,
        snoozed: 0,
        capacity_use: open / 4,
        oldest_waiting_since: null,
        last_activity_at: null,
        team_ids: [],
      },
    ],
  };
}

test("availability changes in place; a burst of assignments refetches the overview once", async () => {
  let open = 1;
  const { calls, realtime } = renderAdmin(<OverviewPanel />, { "GET /overview/agents": () => ({ body: overview(open) }) });
  const row = await screen.findByRole("row", { name: /Ann Agent/ });
  expect(within(row).getByText("Online")).toBeTruthy();
  expect(within(row).getByText("1 of 4 (25%)")).toBeTruthy();

  realtime.push("presence.updated", { user_id: ANN, online: true, availability: "away" });
  await waitFor(() => expect(within(row).getByText("Away")).toBeTruthy());
  expect(calls).toHaveLength(1);

  open = 3;
  realtime.push("conversation.assigned", { conversation_id: "c1" });
  realtime.push("conversation.assigned", { conversation_id: "c2" });
  realtime.push("conversation.transferred", { conversation_id: "c3" });
  await waitFor(() => expect(within(row).getByText("3 of 4 (75%)")).toBeTruthy());
  expect(calls.filter((call) => call.path === "/overview/agents")).toHaveLength(2);
});
