import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Storage tests share one PostgreSQL database; files run in parallel but each uses its own schema.
    pool: "forks",
  },
});
