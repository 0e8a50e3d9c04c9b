import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, expect, test, vi } from "vitest";
import { renderAdmin } from "../testing";
import { TokensPanel } from "./TokensPanel";

afterEach(() => vi.unstubAllGlobals());

const CREATED = {
  id: "00000000-0000-4000-8000-0000000000f1",
  name: "CRM sync",
  role: "agent",
  prefix: "hd_ab12",
  created_by_id: null,
  created_at: "2026-01-01T00:00:00Z",
  expires_at: null,
  last_used_at: null,
  revoked_at: null,
  token: "hd_ab12_the_whole_secret",
};

test("a new token's secret is shown once; the list keeps only its prefix", async () => {
  const { calls } = renderAdmin(<TokensPanel />, {
    "GET /api-tokens": { body: { items: [], next_cursor: null } },
    "POST /api-tokens": { status: 201, body: CREATED },
  });
  const user = userEvent.setup();
  expect(await screen.findByText("No API tokens yet.")).toBeTruthy();
  await user.click(screen.getByRole("button", { name: "Create token" }));
  const dialog = screen.getByRole("dialog", { name: "Create an API token" });
  await user.type(within(dialog).getByLabelText("Name"), "CRM sync");
  await user.type(within(dialog).getByLabelText("Expires after (days)"), "30");
  await user.click(within(dialog).getByRole("button", { name: "Create" }));

  const shown = await screen.findByRole("dialog", { name: "Your new API token" });
  expect(within(shown).getByLabelText("API token").textContent).toBe("hd_ab12_the_whole_secret");
  expect(calls.find((call) => call.method === "POST")?.body).toEqual({ name: "CRM sync", role: "agent", expires_in_days: 30 });
  await user.click(within(shown).getByRole("button", { name: "Done" }));

  const row = screen.getByRole("row", { name: /CRM sync/ });
  expect(within(row).getByText("hd_ab12…")).toBeTruthy();
  expect(screen.queryByText("hd_ab12_the_whole_secret")).toBeNull();
});
