// One open channel: its header, messages and composer. While it is on screen (and the tab
// visible) the read marker follows the newest message.
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { useT } from "../i18n";
import { useCurrentMe } from "../me/queries";
import { problemText } from "../ui/problem";
import { useToast } from "../ui/Toasts";
import { Composer } from "./Composer";
import { MessageList } from "./MessageList";
import { channelName } from "./names";
import { useChannelMessages, useMarkChannelRead, useSendMessage, type Channel } from "./queries";

export function ChannelView({ channel }: { channel: Channel }) {
  const t = useT();
  const me = useCurrentMe();
  const toast = useToast();
  const messages = useChannelMessages(channel.id);
  const send = useSendMessage(channel.id);
  const label = channelName(channel, me.id, t);
  // Where the reader had read up to when they opened the channel: the "new" line goes
  // after it (none when nothing was unread; what arrives while reading is not marked).
  const [readWhenOpened] = useState(() =>
    channel.last_read_seq < channel.last_message_seq ? channel.last_read_seq : Number.MAX_SAFE_INTEGER,
  );
  useReadMarker(channel, messages.isSuccess);

  const items = messages.data?.pages.flatMap((page) => page.items) ?? [];
  const others = channel.members.filter((member) => member.id !== me.id);
  const direct = channel.kind === "direct" ? others[0] : undefined;
  return (
    <section className="chat-channel" aria-labelledby="chat-channel-title">
      <header className="chat-header">
        <h2 id="chat-channel-title">{label}</h2>
        {direct ? (
          <span className={`chat-presence ${direct.availability}`}>{t(`me.${direct.availability}`)}</span>
        ) : (
          <span className="muted">{t("chat.members", { count: channel.members.length })}</span>
        )}
      </header>
      {messages.isPending ? <p className="muted chat-empty">{t("common.loading")}</p> : null}
      {messages.isError ? (
        <p role="alert" className="field-error chat-empty">
          {t("common.error", { detail: problemText(messages.error) })}
        </p>
      ) : null}
      {messages.isSuccess ? (
        <MessageList
          channel={channel}
          label={label}
          messages={items}
          readUpTo={readWhenOpened}
          older={
            messages.hasNextPage ? (
              <button
                type="button"
                className="button small chat-older"
                disabled={messages.isFetchingNextPage}
                onClick={() => void messages.fetchNextPage()}
              >
                {messages.isFetchingNextPage ? t("common.loading") : t("chat.loadOlder")}
              </button>
            ) : null
          }
        />
      ) : null}
      <Composer
        key={channel.id}
        channelLabel={label}
        members={others}
        busy={send.isPending}
        onSend={async (text, mentions) => {
          try {
            await send.mutateAsync({ text, mentions });
            return true;
          } catch (error) {
            toast(t("chat.sendFailed"), { description: problemText(error), tone: "error" });
            return false;
          }
        }}
      />
    </section>
  );
}

function subscribeVisibility(onChange: () => void): () => void {
  document.addEventListener("visibilitychange", onChange);
  return () => document.removeEventListener("visibilitychange", onChange);
}

function useTabVisible(): boolean {
  return useSyncExternalStore(subscribeVisibility, () => document.visibilityState === "visible");
}

/** Read up to the newest message whenever one arrives while the channel is in view. */
function useReadMarker(channel: Channel, loaded: boolean): void {
  const visible = useTabVisible();
  const markRead = useMarkChannelRead();
  const { mutate } = markRead;
  const asked = useRef<{ id: string; seq: number } | null>(null);
  const { id, last_message_seq: newest, last_read_seq: read } = channel;
  useEffect(() => {
    if (!loaded || !visible || read >= newest) return;
    if (asked.current?.id === id && asked.current.seq >= newest) return;
    asked.current = { id, seq: newest };
    mutate({ channelId: id, seq: newest });
  }, [id, newest, read, loaded, visible, mutate]);
}
