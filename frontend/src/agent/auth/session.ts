// The browser session: the access token in memory only, the refresh token in the
// httpOnly cookie the API sets (`refresh_cookie: true`). A reload refreshes from the cookie.
import { API_PREFIX } from "../../shared/api/client";

const CSRF = { "X-Requested-With": "helpdesk" };

export interface TokenPair {
  access_token: string;
  expires_in: number;
}

type Listener = (token: string | null) => void;

export class Session {
  private access: string | null = null;
  private renewing: Promise<string | null> | null = null;
  private listeners = new Set<Listener>();

  token(): string | null {
    return this.access;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async login(email: string, password: string): Promise<Response> {
    const response = await fetch(`${API_PREFIX}/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email, password, refresh_cookie: true }),
      credentials: "same-origin",
    });
    if (response.ok) this.set(((await response.json()) as TokenPair).access_token);
    return response;
  }

  /** A new access token from the cookie; concurrent callers share one request. */
  renew(): Promise<string | null> {
    this.renewing ??= this.refresh().finally(() => {
      this.renewing = null;
    });
    return this.renewing;
  }

  async logout(): Promise<void> {
    await fetch(`${API_PREFIX}/auth/logout`, {
      method: "POST",
      headers: CSRF,
      credentials: "same-origin",
    }).catch(() => undefined);
    this.set(null);
  }

  private async refresh(): Promise<string | null> {
    try {
      const response = await fetch(`${API_PREFIX}/auth/refresh`, {
        method: "POST",
        headers: CSRF,
        credentials: "same-origin",
      });
      this.set(response.ok ? ((await response.json()) as TokenPair).access_token : null);
    } catch {
      this.set(null);
    }
    return this.access;
  }

  private set(token: string | null): void {
    this.access = token;
    for (const listener of this.listeners) listener(token);
  }
}
