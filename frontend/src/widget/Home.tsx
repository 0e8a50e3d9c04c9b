// The first screen: the inbox's greeting, the away notice, and the visitor's conversations.
import { useWidget } from "./context";
import { newKey } from "./store";
import { isClosed } from "./state";

export function Home() {
  const { state, t, store } = useWidget();
  const settings = state.settings;
  const when = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: "medium", timeStyle: "short" });
  return (
    <div class="hd-body hd-home">
      {settings?.greeting && <p class="hd-greeting">{settings.greeting}</p>}
      {state.contact?.identifier && (
        <p class="hd-muted">{t("signedIn", { name: state.contact.name ?? state.contact.identifier })}</p>
      )}
      {settings && !settings.open_now && <p class="hd-banner hd-away">{settings.away_message || t("away")}</p>}
      <button
        type="button"
        class="hd-primary"
        onClick={() => store.show({ name: "chat", conversationId: null, draft: newKey() })}
      >
        {t("newConversation")}
      </button>
      <h2 class="hd-subtitle">{t("earlier")}</h2>
      {state.conversations.length === 0 ? (
        <p class="hd-muted">{t("noConversations")}</p>
      ) : (
        <ul class="hd-conversations">
          {state.conversations.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                class="hd-conversation"
                onClick={() => store.show({ name: "chat", conversationId: c.id, draft: null })}
              >
                <span class="hd-conversation-top">
                  <strong>{t("conversationNumber", { n: c.number })}</strong>
                  <span class={isClosed(c) ? "hd-tag" : "hd-tag hd-tag-open"}>
                    {isClosed(c) ? t("statusClosed") : t("statusOpen")}
                  </span>
                </span>
                <span class="hd-preview">{c.last_message_preview}</span>
                <time class="hd-muted" dateTime={c.last_activity_at}>
                  {when.format(new Date(c.last_activity_at))}
                </time>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
