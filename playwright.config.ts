import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./scripts/chromium.mjs";

const port = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  timeout: 60_000,
  globalSetup: "./e2e/global-setup.ts",
  // The specs' own data is made through lib/data, whose "server-only" guard this resolves to a stub.
  tsconfig: "./e2e/tsconfig.json",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  // Two instances of the production server on one database: the second proves they share state.
  webServer: [port, port + 1].map((p, i) => ({
    // The server's output is kept so that scripts/e2e.mjs can check it for patient data.
    command: `mkdir -p test-results && node scripts/start.mjs -p ${p} 2>&1 | tee ${i === 0 ? "test-results/e2e-server.log" : "test-results/e2e-server-2.log"}`,
    url: `http://127.0.0.1:${p}/login`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe" as const,
    stderr: "pipe" as const,
    env: {
      DATABASE_URL: process.env.DATABASE_URL ?? "",
      AUTH_SECRET: process.env.AUTH_SECRET ?? "",
      AUDIT_HMAC_KEY: process.env.AUDIT_HMAC_KEY ?? "",
      AUDIT_CHECKPOINT_DIR: process.env.AUDIT_CHECKPOINT_DIR ?? "",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  })),
});
