// The message box: Enter sends, Shift+Enter breaks the line, and "@" offers the channel's
// members to mention (arrow keys choose, Enter or Tab inserts, Escape closes the list).
import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import { useT } from "../i18n";
import { insertMention, matchMembers, mentionAt, mentionedIn, type Member, type MentionQuery } from "./mentions";

interface Props {
  channelLabel: string;
  /** Who may be mentioned: the channel's members other than the writer. */
  members: Member[];
  busy: boolean;
  onSend: (text: string, mentions: string[]) => Promise<boolean>;
}

interface Suggestions {
  query: MentionQuery;
  members: Member[];
  active: number;
}

export function Composer({ channelLabel, members, busy, onSend }: Props) {
  const t = useT();
  const id = useId();
  const box = useRef<HTMLTextAreaElement>(null);
  const caret = useRef<number | null>(null);
  const [text, setText] = useState("");
  const [suggestions, setSuggestions] = useState<Suggestions | null>(null);

  function suggest(value: string, caret: number) {
    const query = mentionAt(value, caret);
    const found = query ? matchMembers(members, query.text) : [];
    setSuggestions(query && found.length ? { query, members: found, active: 0 } : null);
  }

  function choose(member: Member) {
    const element = box.current;
    if (!suggestions || !element) return;
    const next = insertMention(text, suggestions.query, element.selectionStart, member);
    caret.current = next.caret;
    setText(next.text);
    setSuggestions(null);
  }

  // Put the caret after an inserted name as soon as the new text is in the box, before
  // the next key arrives.
  useLayoutEffect(() => {
    const element = box.current;
    if (caret.current === null || !element) return;
    element.focus();
    element.setSelectionRange(caret.current, caret.current);
    caret.current = null;
  }, [text]);

  async function send() {
    const message = text.trim();
    if (!message || busy) return;
    if (await onSend(message, mentionedIn(message, members))) setText("");
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (suggestions) {
      const count = suggestions.members.length;
      const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: count - 1 };
      if (event.key in moves) {
        event.preventDefault();
        setSuggestions({ ...suggestions, active: (suggestions.active + moves[event.key]) % count });
        return;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        choose(suggestions.members[suggestions.active]);
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        setSuggestions(null);
        return;
      }
    }
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  }

  const listId = `${id}-mentions`;
  const activeId = suggestions ? `${listId}-${suggestions.active}` : undefined;
  return (
    <form
      className="chat-composer"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      {suggestions ? (
        <ul id={listId} role="listbox" aria-label={t("chat.mentionSuggestions")} className="mention-list">
          {suggestions.members.map((member, index) => (
            <li
              key={member.id}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === suggestions.active}
              className="mention-option"
              onMouseDown={(event) => {
                event.preventDefault();
                choose(member);
              }}
            >
              {member.name}
            </li>
          ))}
        </ul>
      ) : null}
      <textarea
        ref={box}
        className="input chat-input"
        rows={2}
        value={text}
        aria-label={t("chat.composer", { channel: channelLabel })}
        aria-describedby={`${id}-hint`}
        aria-autocomplete="list"
        aria-controls={suggestions ? listId : undefined}
        aria-activedescendant={activeId}
        placeholder={t("chat.composer", { channel: channelLabel })}
        onChange={(event) => {
          setText(event.target.value);
          suggest(event.target.value, event.target.selectionStart);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setSuggestions(null)}
      />
      <button type="submit" className="button primary" disabled={busy || !text.trim()}>
        {t("chat.send")}
      </button>
      <small id={`${id}-hint`} className="muted chat-hint">
        {t("chat.composerHint")}
      </small>
      <span className="visually-hidden" role="status">
        {suggestions ? t("chat.mentionsFound", { count: suggestions.members.length }) : ""}
      </span>
    </form>
  );
}
