// The typed REST client, generated from openapi/openapi.json (`npm run api`).
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];
export type { paths };

export const API_PREFIX = "/api/v1";

/** An RFC 9457 problem as the API answers it. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string | null;
  errors?: { loc: (string | number)[]; msg: string }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

export interface Credentials {
  /** The bearer token for the next request, or null when there is none. */
  token(): string | null;
  /** Called once on a 401: get a fresh token, or null when the session is over. */
  renew(): Promise<string | null>;
}

/** A client that sends the bearer token and, on a 401, renews it once and retries. */
export function createApi(credentials: Credentials, baseUrl = "") {
  const client = createClient<paths>({ baseUrl });
  const retried = new WeakSet<Request>();
  const auth: Middleware = {
    onRequest({ request }) {
      const token = credentials.token();
      if (token && !request.headers.has("Authorization")) {
        request.headers.set("Authorization", `Bearer ${token}`);
      }
      return request;
    },
    async onResponse({ request, response }) {
      if (response.status !== 401 || retried.has(request)) return response;
      const token = await credentials.renew();
      if (!token) return response;
      const again = new Request(request, { headers: new Headers(request.headers) });
      again.headers.set("Authorization", `Bearer ${token}`);
      retried.add(again);
      return fetch(again);
    },
  };
  client.use(auth);
  return client;
}

export type Api = ReturnType<typeof createApi>;

/** The data of an openapi-fetch result, or an ApiError thrown with the problem. */
export async function unwrap<T>(
  result: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await result;
  if (error !== undefined || !response.ok) {
    throw new ApiError(response.status, (error ?? {}) as Problem);
  }
  return data as T;
}
