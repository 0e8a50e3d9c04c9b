// @mentions in the composer: what is being typed after an "@", putting the chosen name
// in its place, and which members a finished text mentions.

export interface Member {
  id: string;
  name: string;
}

export interface MentionQuery {
  /** Where the "@" is. */
  start: number;
  /** What follows it up to the caret. */
  text: string;
}

const LONGEST = 40;

/** The mention being typed at the caret: an "@" at a word's start, no line break since. */
export function mentionAt(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const start = before.lastIndexOf("@");
  if (start < 0 || caret - start > LONGEST) return null;
  if (start > 0 && !/\s/.test(before[start - 1])) return null;
  const typed = before.slice(start + 1);
  if (/[\n@]/.test(typed) || typed.startsWith(" ")) return null;
  return { start, text: typed };
}

/** Members whose name, or a word of it, starts with what was typed. */
export function matchMembers(members: Member[], typed: string, limit = 6): Member[] {
  const wanted = typed.toLocaleLowerCase();
  return members
    .filter((member) => {
      const name = member.name.toLocaleLowerCase();
      return name.startsWith(wanted) || name.split(/\s+/).some((word) => word.startsWith(wanted));
    })
    .slice(0, limit);
}

/** The text with the query replaced by "@Name ", and where the caret goes next. */
export function insertMention(text: string, query: MentionQuery, caret: number, member: Member) {
  const inserted = `@${member.name} `;
  return { text: text.slice(0, query.start) + inserted + text.slice(caret), caret: query.start + inserted.length };
}

/** The members an "@Name" in the text refers to (a name followed by a word's end). */
export function mentionedIn(text: string, members: Member[]): string[] {
  return members
    .filter((member) => {
      const pattern = new RegExp(`(^|\\s)@${escape(member.name)}(?![\\p{L}\\p{N}_])`, "u");
      return pattern.test(text);
    })
    .map((member) => member.id);
}

function escape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
