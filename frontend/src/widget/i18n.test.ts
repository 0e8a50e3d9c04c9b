import { catalogues, pickLanguage, translator } from "./i18n";

test("the inbox's language wins, then the browser's, then English", () => {
  expect(pickLanguage("pl", ["nl-NL"])).toBe("pl");
  expect(pickLanguage(null, ["de-DE", "sv-SE", "nl"])).toBe("sv");
  expect(pickLanguage(undefined, ["ES"])).toBe("es");
  expect(pickLanguage(null, ["de", "fr"])).toBe("en");
  expect(pickLanguage("xx", [])).toBe("en");
});

test("every language says everything, with the same placeholders", () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const [language, texts] of Object.entries(catalogues)) {
    for (const [key, english] of Object.entries(catalogues.en)) {
      const text = texts[key as keyof typeof texts];
      expect(text.trim(), `${language}.${key}`).not.toBe("");
      expect(placeholders(text), `${language}.${key}`).toEqual(placeholders(english));
    }
  }
});

test("values fill the placeholders", () => {
  expect(translator("nl")("queue", { n: 3 })).toBe("Je bent nummer 3 in de wachtrij.");
  expect(translator("pl")("rateStar", { n: 4 })).toBe("4 z 5");
});
