// The customer widget: its own page at /widget/, written with Preact to stay small.
import { defineConfig } from "vite";

export default defineConfig({
  root: "src/widget",
  base: "/widget/",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: { outDir: "../../dist/widget", emptyOutDir: true },
});
