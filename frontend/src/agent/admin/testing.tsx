// For the admin area's component tests: the real API client against a scripted fetch, a
// socket whose events the test pushes, and every provider a panel expects.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter } from "react-router";
import { vi } from "vitest";
import { createApi, type Schemas } from "../../shared/api/client";
import type { Session } from "../auth/session";
import { ServicesContext, type AppServices } from "../context";
import { I18nProvider } from "../i18n";
import type { Envelope, EnvelopeListener, Realtime } from "../realtime/socket";
import { ToastProvider } from "../ui/Toasts";

export interface Call {
  method: string;
  path: string;
  search: string;
  body: unknown;
}

type Reply = { status?: number; body?: unknown } | ((call: Call) => { status?: number; body?: unknown });

/** Answers by "METHOD /path" (the path without /api/v1); every request is recorded. */
export function scriptedFetch(routes: Record<string, Reply>) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: Request) => {
    const url = new URL(input.url);
    const text = await input.text();
    const call = {
      method: input.method,
      path: url.pathname.replace(/^\/api\/v1/, ""),
      search: url.search,
      body: text ? JSON.parse(text) : undefined,
    };
    calls.push(call);
    const route = routes[`${call.method} ${call.path}`];
    if (!route) return new Response(JSON.stringify({ title: "Not scripted" }), { status: 404 });
    const { status = 200, body } = typeof route === "function" ? route(call) : route;
    const type = status >= 400 ? "application/problem+json" : "application/json";
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "Content-Type": type } });
  });
  return { fetch, calls };
}

export class FakeRealtime {
  private listeners = new Set<EnvelopeListener>();
  listen(listener: EnvelopeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  push(type: string, data: Record<string, unknown>): void {
    const envelope: Envelope = { seq: null, type, occurred_at: new Date().toISOString(), data };
    for (const listener of this.listeners) listener(envelope);
  }
}

export const ME: Schemas["Me"] = {
  id: "00000000-0000-4000-8000-000000000001",
  name: "Olivia Owner",
  email: "olivia@example.com",
  role: "owner",
  availability: "online",
  max_concurrent: 5,
  auto_assign: true,
  is_active: true,
  created_at: "2026-01-01T00:00:00Z",
  deactivated_at: null,
  account_id: "00000000-0000-4000-8000-0000000000aa",
  notification_preferences: {
    email_when_unseen: true,
    new_conversation: true,
    assigned_to_me: true,
    transferred_to_me: true,
    new_message_in_mine: true,
    team_chat: true,
  },
};

/** Render `ui` as the admin area sees it, with `routes` answering its requests. */
export function renderAdmin(ui: ReactElement, routes: Record<string, Reply>, path = "/admin") {
  const scripted = scriptedFetch(routes);
  vi.stubGlobal("fetch", scripted.fetch);
  const realtime = new FakeRealtime();
  const services: AppServices = {
    api: createApi({ token: () => "test-token", renew: async () => null }, "http://helpdesk.test"),
    session: {} as Session,
    realtime: realtime as unknown as Realtime,
    me: ME,
  };
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  const view = render(
    <I18nProvider language="en">
      <ToastProvider>
        <MemoryRouter initialEntries={[path]}>
          <ServicesContext.Provider value={services}>
            <QueryClientProvider client={queryClient}>{ui}</QueryClientProvider>
          </ServicesContext.Provider>
        </MemoryRouter>
      </ToastProvider>
    </I18nProvider>,
  );
  return { ...view, calls: scripted.calls, realtime, queryClient };
}

// What Radix and cmdk expect of a browser that jsdom leaves out.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};
Element.prototype.scrollIntoView ??= function scrollIntoView() {};

/** What a screen reader reads as the element's description (its aria-describedby texts). */
export function description(element: HTMLElement): string {
  const ids = element.getAttribute("aria-describedby")?.split(" ") ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? "").join(" ");
}
