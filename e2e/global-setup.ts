import { chromium, type FullConfig } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { login, LOGINS, storageStateFor, type DemoRole } from "./fixtures";

/** Signs in once per role and keeps each session for the specs that act as that role. */
export default async function globalSetup(config: FullConfig) {
  const { baseURL, launchOptions } = config.projects[0]!.use;
  mkdirSync("e2e/.auth", { recursive: true });
  const browser = await chromium.launch(launchOptions);
  for (const role of Object.keys(LOGINS) as DemoRole[]) {
    const page = await browser.newPage({ baseURL });
    await login(page, role);
    await page.context().storageState({ path: storageStateFor(role) });
    await page.close();
  }
  await browser.close();
}
