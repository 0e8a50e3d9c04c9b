import { expect, test } from "vitest";
import { insertMention, mentionAt, mentionedIn } from "./mentions";

const members = [
  { id: "a", name: "Alice Admin" },
  { id: "al", name: "Al" },
];

test("the mention at the caret starts at an @ after a space or the start, on the same line", () => {
  expect(mentionAt("@ali", 4)).toEqual({ start: 0, text: "ali" });
  expect(mentionAt("hi @Alice Ad", 12)).toEqual({ start: 3, text: "Alice Ad" });
  expect(mentionAt("mail bob@example", 16)).toBeNull();
  expect(mentionAt("@ali\nnext", 9)).toBeNull();
  expect(mentionAt("@ ali", 5)).toBeNull();
});

test("inserting replaces what was typed and puts the caret after the name", () => {
  const text = "hi @ali, see";
  expect(insertMention(text, { start: 3, text: "ali" }, 7, members[0])).toEqual({
    text: "hi @Alice Admin , see",
    caret: 16,
  });
});

test("a name counts as mentioned only when it ends where a word ends", () => {
  expect(mentionedIn("thanks @Alice Admin!", members)).toEqual(["a"]);
  expect(mentionedIn("@Al and @Alice Admin", members).sort()).toEqual(["a", "al"]);
  expect(mentionedIn("@Alfred", members)).toEqual([]);
  expect(mentionedIn("mail@Al", members)).toEqual([]);
});
