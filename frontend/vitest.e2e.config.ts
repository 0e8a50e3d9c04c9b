// End-to-end tests: Debian's Chromium driven by playwright-core against a running server
// (HELPDESK_E2E_BASE_URL), started by tests/e2e in the Python suite.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    environment: "node",
    testTimeout: 90_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
