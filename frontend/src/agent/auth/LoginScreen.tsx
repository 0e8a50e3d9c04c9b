import { useState, type FormEvent } from "react";
import { useT } from "../i18n";
import { Field } from "../ui/Field";
import type { Session } from "./session";

export function LoginScreen({ session }: { session: Session }) {
  const t = useT();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response = await session.login(email, password);
      if (!response.ok) setError(response.status === 429 ? t("auth.tooMany") : t("auth.wrong"));
    } catch (failure) {
      setError(t("common.error", { detail: String(failure) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form className="card login-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">{t("auth.title")}</h1>
        <Field label={t("auth.email")}>
          <input className="input" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </Field>
        <Field label={t("auth.password")} error={error}>
          <input className="input" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <button className="button primary" type="submit" disabled={busy}>
          {t("auth.submit")}
        </button>
      </form>
    </main>
  );
}
