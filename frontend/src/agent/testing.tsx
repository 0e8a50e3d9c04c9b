// Component tests of the agent app: the real API client against a fetch the test scripts,
// a socket stand-in the test pushes envelopes through (and that records what is emitted),
// a signed-in user, and every provider a screen expects.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter } from "react-router";
import { vi } from "vitest";
import { createApi, type Schemas } from "../shared/api/client";
import type { Session } from "./auth/session";
import { ServicesContext, type AppServices } from "./context";
import { I18nProvider } from "./i18n";
import { meKeys } from "./me/queries";
import { useCacheFromEvents } from "./realtime/cache";
import type { Envelope, EnvelopeListener, Realtime } from "./realtime/socket";
import { ToastProvider } from "./ui/Toasts";

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

/** Stands in for the /agent socket: the test delivers envelopes with `push`; what the
 * app emits is kept in `emitted` and acknowledged with `{ok: true}`. */
export class TestRealtime {
  readonly emitted: { event: string; payload: unknown }[] = [];
  readonly socket = { on: vi.fn(), off: vi.fn() };
  private listeners = new Set<EnvelopeListener>();
  listen(listener: EnvelopeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  push(type: string, data: Record<string, unknown>): void {
    const envelope: Envelope = { seq: null, type, occurred_at: new Date().toISOString(), data };
    for (const listener of this.listeners) listener(envelope);
  }
  async emit(event: string, payload: unknown): Promise<{ ok: true }> {
    this.emitted.push({ event, payload });
    return { ok: true };
  }
  close(): void {
    this.listeners.clear();
  }
}

export interface Call {
  method: string;
  path: string;
  search: string;
  headers: Headers;
  body: unknown;
}

type Reply = { status?: number; body?: unknown } | ((call: Call) => { status?: number; body?: unknown });

/** Answers by "METHOD /path" (the path without /api/v1) with a status and a JSON body;
 * every request is recorded in `calls`. Installed as the global fetch. */
export function scriptedFetch(routes: Record<string, Reply>) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: Request) => {
    const url = new URL(input.url);
    const text = await input.text();
    const call = {
      method: input.method,
      path: url.pathname.replace(/^\/api\/v1/, ""),
      search: url.search,
      headers: input.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    calls.push(call);
    const route = routes[`${call.method} ${call.path}`];
    if (!route) return new Response(JSON.stringify({ title: "Not scripted" }), { status: 404 });
    const { status = 200, body } = typeof route === "function" ? route(call) : route;
    const type = status >= 400 ? "application/problem+json" : "application/json";
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "Content-Type": type } });
  });
  vi.stubGlobal("fetch", fetch);
  return { fetch, calls };
}

type Route = (request: Request) => unknown;

/** Answers by "METHOD /api/v1/path" with what the route returns (as JSON); anything
 * unscripted fails the test. Installed as the global fetch. */
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

/** Render `ui` inside the app's providers, with realtime events updating the cache. */
export function renderApp(ui: ReactNode, { me = aMe(), client = newTestClient(me), path = "/" }: Options = {}) {
  const realtime = new TestRealtime();
  const services: AppServices = {
    api: createApi({ token: () => "test-token", renew: async () => null }, "http://helpdesk.test"),
    session: { token: () => "test-token", renew: async () => "test-token" } as unknown as Session,
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

/** What a screen reader reads as the element's description (its aria-describedby texts). */
export function description(element: HTMLElement): string {
  const ids = element.getAttribute("aria-describedby")?.split(" ") ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? "").join(" ");
}

// What Radix and cmdk expect of a browser that jsdom leaves out.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};
Element.prototype.scrollIntoView ??= function scrollIntoView() {};
