// API tokens for integrations: list, create (the secret shown once), revoke.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { unwrap, type Schemas } from "../../../shared/api/client";
import { useApi } from "../../context";
import { useI18n } from "../../i18n";
import { useToast } from "../../ui/Toasts";
import { adminKeys, useApiTokens } from "../api";
import { AdminTable, ConfirmDialog, ListState, PanelHeader } from "../parts";
import { TokenForm } from "./TokenForm";

type Token = Schemas["ApiToken"];

export function TokensPanel() {
  const { t, language } = useI18n();
  const api = useApi();
  const client = useQueryClient();
  const toast = useToast();
  const query = useApiTokens();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<Token | null>(null);
  const revoke = useMutation({
    mutationFn: (token: Token) =>
      unwrap(api.DELETE("/api/v1/api-tokens/{token_id}", { params: { path: { token_id: token.id } } })),
    onSuccess: (_, token) => {
      void client.invalidateQueries({ queryKey: adminKeys.tokens, exact: true });
      toast(t("admin.tokens.revoked", { name: token.name }));
    },
  });
  const date = new Intl.DateTimeFormat(language, { dateStyle: "medium" });
  const when = (value: string | null) => (value ? date.format(new Date(value)) : "–");
  return (
    <section aria-labelledby="admin-tokens-title">
      <PanelHeader title={t("admin.tokens.title")} id="admin-tokens-title">
        <button type="button" className="button primary" onClick={() => setCreating(true)}>
          {t("admin.tokens.add")}
        </button>
      </PanelHeader>
      <ListState query={query} empty={t("admin.tokens.empty")}>
        {(tokens) => (
          <AdminTable caption={t("admin.tokens.title")} headers={[t("admin.tokens.name"), t("admin.tokens.role"), t("admin.tokens.prefix"), t("admin.tokens.created"), t("admin.tokens.lastUsed"), t("admin.tokens.expires")]}>
            {tokens.map((token) => (
              <tr key={token.id} className={token.revoked_at ? "inactive" : undefined}>
                <th scope="row">{token.name}</th>
                <td>{t(`admin.roles.${token.role}`)}</td>
                <td>
                  <code>{token.prefix}…</code>
                </td>
                <td>{when(token.created_at)}</td>
                <td>{when(token.last_used_at)}</td>
                <td>{when(token.expires_at)}</td>
                <td className="admin-row-actions">
                  {token.revoked_at ? (
                    <span className="muted">{t("admin.tokens.revokedOn", { date: when(token.revoked_at) })}</span>
                  ) : (
                    <button
                      type="button"
                      className="button small danger"
                      aria-label={t("admin.tokens.revokeNamed", { name: token.name })}
                      onClick={() => setRevoking(token)}
                    >
                      {t("admin.tokens.revoke")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </AdminTable>
        )}
      </ListState>
      {creating ? <TokenForm onClose={() => setCreating(false)} /> : null}
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => (open ? undefined : setRevoking(null))}
        title={t("admin.tokens.revokeTitle", { name: revoking?.name ?? "" })}
        description={t("admin.tokens.revokeDescription")}
        confirm={t("admin.tokens.revoke")}
        onConfirm={() => (revoking ? revoke.mutateAsync(revoking) : Promise.resolve())}
      />
    </section>
  );
}
