import { createHash } from "node:crypto";
import { db } from "../lib/db";
import { createUser } from "./data";
import { expect, storageStateFor, test } from "./fixtures";

test.use({ storageState: storageStateFor("DERMATOLOGIST") });

test("another user's import preview, or one that does not exist, is not found: a 404, as any page that is not", async ({ page }) => {
  const other = await createUser("NURSE");
  const content = Buffer.from("mrn,last_name\r\n");
  const batch = await db.importBatch.create({
    data: { kind: "patients", fileName: "theirs.csv", sha256: createHash("sha256").update(content).digest("hex"), content, rowCount: 0, createdById: other.id },
    select: { id: true },
  });
  for (const path of [`/patients/import/${batch.id}`, "/patients/import/00000000-0000-4000-8000-000000000000", "/patients/import/not-a-batch"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    await expect(page.getByText("theirs.csv")).toHaveCount(0);
  }
});
