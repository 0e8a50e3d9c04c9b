import { CATALOGUES, translate } from ".";
import { en } from "./en";

function keys(node: object, prefix = ""): string[] {
  return Object.entries(node).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : keys(value as object, `${prefix}${key}.`),
  );
}

test("every language has every English text, and no empty one", () => {
  const english = keys(en).sort();
  for (const [language, catalogue] of Object.entries(CATALOGUES)) {
    expect(keys(catalogue).sort(), language).toEqual(english);
    for (const key of english) expect(translate(catalogue, key as never).trim(), `${language} ${key}`).not.toBe("");
  }
});

test("placeholders are filled, and an unknown one is left visible", () => {
  expect(translate(en, "common.error", { detail: "timeout" })).toBe("Something went wrong: timeout");
  expect(translate(en, "common.error")).toBe("Something went wrong: {detail}");
});
