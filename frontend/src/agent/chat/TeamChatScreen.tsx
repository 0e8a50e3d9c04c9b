// Team chat: the channel list beside the open channel (/chat/:channelId).
import { useParams } from "react-router";
import { useT } from "../i18n";
import { useCurrentMe } from "../me/queries";
import { problemText } from "../ui/problem";
import { ChannelList } from "./ChannelList";
import { ChannelView } from "./ChannelView";
import { NewDirectMessage, NewGroup } from "./NewChannel";
import { useChannel, useChannels } from "./queries";
import "./chat.css";

export function TeamChatScreen() {
  const t = useT();
  const me = useCurrentMe();
  const { channelId } = useParams();
  const channels = useChannels();
  const items = channels.data?.items ?? [];
  const open = items.find((channel) => channel.id === channelId);
  const missing = useChannel(channelId, channels.isSuccess && !open);
  const isAdmin = me.role === "owner" || me.role === "admin";
  return (
    <div className="chat">
      <aside className="chat-side">
        <h1>{t("chat.title")}</h1>
        <div className="chat-actions">
          <NewDirectMessage />
          {isAdmin ? <NewGroup /> : null}
        </div>
        {channels.isPending ? <p className="muted">{t("common.loading")}</p> : null}
        {channels.isError ? (
          <p role="alert" className="field-error">
            {t("common.error", { detail: problemText(channels.error) })}
          </p>
        ) : null}
        <ChannelList channels={items} />
      </aside>
      <main className="chat-main">
        {open ? <ChannelView key={open.id} channel={open} /> : null}
        {!open && channels.isSuccess && !missing.isFetching ? (
          <p className="muted chat-empty">{channelId ? t("chat.notFound") : t("chat.pickChannel")}</p>
        ) : null}
      </main>
    </div>
  );
}
