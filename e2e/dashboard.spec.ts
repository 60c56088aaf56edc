import { randomBytes } from "node:crypto";
import { db } from "../lib/db";
import { expect, storageStateFor, test } from "./fixtures";

/**
 * The dashboard's notices are shown together with its heading, never streamed in after it, and its sections
 * stream in behind placeholders of their own height: with the approvals notice there, nothing on the page
 * moves once shown (no layout shift).
 */
// Tall enough that every section is in view: a shift below the fold would not count.
test.use({ storageState: storageStateFor("DERMATOLOGIST"), viewport: { width: 1400, height: 2400 } });

declare global {
  interface Window {
    layoutShifts: { value: number; moved: string[] }[];
    noticeWithHeading: boolean | null;
  }
}

let waitingId: string;
test.beforeAll(async () => {
  // An account an administrator made for a nurse, waiting for a dermatologist's setup link.
  const tag = randomBytes(5).toString("hex");
  waitingId = (await db.user.create({ data: { email: `e2e-waiting-${tag}@spec.isotrack.test`, name: `Waiting ${tag}`, role: "NURSE" }, select: { id: true } }))
    .id;
});
// Disabled, the account waits no longer: the notice is gone for the specs after this one.
test.afterAll(() => db.user.update({ where: { id: waitingId }, data: { disabled: true } }));

test("the approvals notice comes with the heading, and nothing on the dashboard moves as its sections stream in", async ({ page }) => {
  await page.addInitScript(() => {
    window.layoutShifts = [];
    window.noticeWithHeading = null;
    // Every layout shift from the first paint on, with the elements it moved.
    type Rect = { x: number; y: number; width: number; height: number };
    type Shift = PerformanceEntry & { value: number; hadRecentInput: boolean; sources: { node: Node | null; previousRect: Rect; currentRect: Rect }[] };
    // An element by its tag, test id and first words, and where it went: enough to find what moved.
    const name = (node: Node | null) =>
      node instanceof Element
        ? `${node.tagName.toLowerCase()}${node.getAttribute("data-testid") ? `[${node.getAttribute("data-testid")}]` : ""} "${(node.textContent ?? "").trim().slice(0, 30)}"`
        : String(node);
    const at = (r: Rect) => `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}x${Math.round(r.height)}`;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as Shift[])
        if (!e.hadRecentInput)
          window.layoutShifts.push({ value: e.value, moved: e.sources.map((s) => `${name(s.node)} from ${at(s.previousRect)} to ${at(s.currentRect)}`) });
    }).observe({ type: "layout-shift", buffered: true });
    // Whether the notice is on the page at the moment the heading is first shown (streamed parts wait hidden).
    const shown = (el: Element | null) => el !== null && el.closest("[hidden]") === null;
    const watch = new MutationObserver(() => {
      if (!shown(document.querySelector("main h1"))) return;
      window.noticeWithHeading = shown(document.querySelector('[data-testid="approvals-notice"]'));
      watch.disconnect();
    });
    watch.observe(document, { childList: true, subtree: true });
  });
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
  await expect(page.getByTestId("approvals-notice")).toContainText("for a setup link");
  expect(await page.evaluate(() => window.noticeWithHeading), "the notice shown with the heading").toBe(true);
  await expect(page.locator('[role="status"][aria-label^="Loading"]')).toHaveCount(0);
  // Two frames after the last section arrived, its shifts (if any) have been reported.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  expect(await page.evaluate(() => window.layoutShifts)).toEqual([]);
});
