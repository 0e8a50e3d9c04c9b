// Render a component with the services the app gives it: a fake API answering by
// "METHOD path", a socket that records what is emitted, a signed-in user, Query, i18n.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter } from "react-router";
import { vi } from "vitest";
import type { Api, Schemas } from "../../shared/api/client";
import { ServicesContext, type AppServices } from "../context";
import { I18nProvider } from "../i18n";
import type { Realtime } from "../realtime/socket";
import { ToastProvider } from "../ui/Toasts";

type Answer = unknown | ((options: { params?: unknown; body?: unknown }) => unknown);

export const ME: Schemas["Me"] = {
  id: "u-1",
  name: "Ann Agent",
  email: "ann@example.com",
  role: "agent",
  availability: "online",
  max_concurrent: 5,
  auto_assign: true,
  is_active: true,
  created_at: "2026-01-01T00:00:00Z",
  deactivated_at: null,
  account_id: "a-1",
  notification_preferences: {
    email_when_unseen: false,
    new_conversation: true,
    assigned_to_me: true,
    transferred_to_me: true,
    new_message_in_mine: true,
    team_chat: true,
  },
};

/** A fake openapi-fetch client: `answers["POST /api/v1/x"]` is the data it returns. */
export function fakeApi(answers: Record<string, Answer>) {
  const calls: { method: string; path: string; options: { params?: unknown; body?: unknown } }[] = [];
  const handle = (method: string) =>
    vi.fn(async (path: string, options: { params?: unknown; body?: unknown } = {}) => {
      calls.push({ method, path, options });
      const answer = answers[`${method} ${path}`];
      const data = typeof answer === "function" ? (answer as (o: typeof options) => unknown)(options) : answer;
      return { data, response: new Response(null, { status: data === undefined ? 404 : 200 }) };
    });
  const api = { GET: handle("GET"), POST: handle("POST"), PUT: handle("PUT"), PATCH: handle("PATCH"), DELETE: handle("DELETE") };
  return { api: api as unknown as Api, calls };
}

export function fakeRealtime() {
  const emitted: { event: string; payload: unknown }[] = [];
  const realtime = {
    emit: vi.fn(async (event: string, payload: unknown) => {
      emitted.push({ event, payload });
      return { ok: true };
    }),
    listen: vi.fn(() => () => true),
    socket: { on: vi.fn(), off: vi.fn() },
  };
  return { realtime: realtime as unknown as Realtime, emitted };
}

export function renderWith(ui: ReactElement, services: Partial<AppServices> & { api: Api }) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  const value = {
    realtime: fakeRealtime().realtime,
    me: ME,
    session: { token: () => "token", renew: async () => "token" },
    ...services,
  } as AppServices;
  const result = render(
    <I18nProvider language="en">
      <ToastProvider>
        <MemoryRouter>
          <ServicesContext.Provider value={value}>
            <QueryClientProvider client={client}>{ui}</QueryClientProvider>
          </ServicesContext.Provider>
        </MemoryRouter>
      </ToastProvider>
    </I18nProvider>,
  );
  return { ...result, client };
}
