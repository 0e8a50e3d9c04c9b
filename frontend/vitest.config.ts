// Component tests: the agent app (React) and the widget (Preact), each in jsdom.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [react()],
        test: {
          name: "agent",
          include: ["src/agent/**/*.test.{ts,tsx}", "src/shared/**/*.test.ts"],
          environment: "jsdom",
          globals: true,
          setupFiles: ["src/agent/test-setup.ts"],
        },
      },
      {
        oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
        test: {
          name: "widget",
          include: ["src/widget/**/*.test.{ts,tsx}", "src/loader/**/*.test.ts"],
          environment: "jsdom",
          globals: true,
        },
      },
    ],
  },
});
