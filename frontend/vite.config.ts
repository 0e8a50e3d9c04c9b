// The agent app: index.html at "/", its assets under /assets/.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false },
  server: {
    proxy: {
      "/api": "http://127.0.0.1:8000",
      "/socket.io": { target: "http://127.0.0.1:8000", ws: true },
      "/widget.js": "http://127.0.0.1:8000",
      "/widget/": "http://127.0.0.1:8000",
    },
  },
});
