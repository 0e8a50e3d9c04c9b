// Component tests of the agent app: a QueryClient and ServicesContext around the tree, a
// socket stand-in the test pushes envelopes through, and a fetch answered per route.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter } from "react-router";
import { vi } from "vitest";
import { createApi, type Schemas } from "../../shared/api/client";
import type { Session } from "../auth/session";
import { ServicesContext, type AppServices } from "../context";
import { I18nProvider } from "../i18n";
import { useCacheFromEvents } from "../realtime/cache";
import type { Envelope, EnvelopeListener, Realtime } from "../realtime/socket";
import { meKeys } from "../me/queries";
import { ToastProvider } from "../ui/Toasts";

export function aMe(overrides: Partial<Schemas["Me"]> = {}): Schemas["Me"] {
  return {
    id: "00000000-0000-4000-8000-00000000000a",
    name: "Alice Admin",
    email: "alice@example.com",
    role: "admin",
    availability: "online",
    max_concurrent: 5,
    auto_assign: true,
    is_active: true,
    created_at: "2026-11-01T09:00:00Z",
    deactivated_at: null,
    account_id: "00000000-0000-4000-8000-0000000000ac",
    notification_preferences: {
      email_when_unseen: true,
      new_conversation: true,
      assigned_to_me: true,
      transferred_to_me: true,
      new_message_in_mine: true,
      team_chat: true,
    },
    ...overrides,
  };
}

/** Stands in for the /agent socket: the test delivers envelopes with `push`. */
export class TestRealtime {
  private listeners = new Set<EnvelopeListener>();
  listen(listener: EnvelopeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  push(type: string, data: Record<string, unknown>): void {
    const envelope: Envelope = { seq: null, type, occurred_at: new Date().toISOString(), data };
    for (const listener of this.listeners) listener(envelope);
  }
  close(): void {
    this.listeners.clear();
  }
}

type Route = (request: Request) => unknown;

/** Answer the client's requests by "METHOD /path" (JSON bodies); anything else fails the test. */
export function answerFetch(routes: Record<string, Route>): ReturnType<typeof vi.fn> {
  const fetch = vi.fn(async (input: Request) => {
    const url = new URL(input.url);
    const route = routes[`${input.method} ${url.pathname}`];
    if (!route) return new Response(JSON.stringify({ detail: `unexpected ${input.method} ${url.pathname}` }), { status: 599 });
    return Response.json(await route(input));
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

export function newTestClient(me: Schemas["Me"]): QueryClient {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  client.setQueryData(meKeys.me, me);
  return client;
}

function Live() {
  useCacheFromEvents();
  return null;
}

interface Options {
  me?: Schemas["Me"];
  client?: QueryClient;
  path?: string;
}

export function renderApp(ui: ReactNode, { me = aMe(), client = newTestClient(me), path = "/" }: Options = {}) {
  const realtime = new TestRealtime();
  const services: AppServices = {
    api: createApi({ token: () => "test-token", renew: async () => null }, "http://helpdesk.test"),
    session: {} as Session,
    realtime: realtime as unknown as Realtime,
    me,
  };
  const view = render(
    <I18nProvider language="en">
      <ToastProvider>
        <MemoryRouter initialEntries={[path]}>
          <ServicesContext.Provider value={services}>
            <QueryClientProvider client={client}>
              <Live />
              {ui}
            </QueryClientProvider>
          </ServicesContext.Provider>
        </MemoryRouter>
      </ToastProvider>
    </I18nProvider>,
  );
  return { ...view, client, realtime, me };
}
