// The loader pasted on customers' sites: one small classic script at /widget.js.
import { defineConfig } from "vite";

export default defineConfig({
  build: {
    outDir: "dist",
    emptyOutDir: false,
    lib: { entry: "src/loader/main.ts", formats: ["iife"], name: "HelpdeskWidget", fileName: () => "widget.js" },
  },
});
