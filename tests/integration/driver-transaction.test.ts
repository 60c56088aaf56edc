import { Prisma } from "@/lib/generated/prisma/client";
import { describe, expect, it } from "vitest";
import { inDriverTransaction } from "@/lib/db";

/**
 * The driver's own transactions (lib/db.ts inDriverTransaction), which every page view's access-audit
 * row goes through while it holds the audit chain's lock: bounded in time like Prisma's transactions.
 */
describe("a transaction through the driver", () => {
  const setting = (name: string) => Prisma.sql`SELECT current_setting(${name}) AS value`;

  it("runs with its timeouts set, its own or the default", async () => {
    const inside = await inDriverTransaction(async (tx) => {
      const [statement] = await tx.$queryRaw<{ value: string }[]>(setting("statement_timeout"));
      const [idle] = await tx.$queryRaw<{ value: string }[]>(setting("idle_in_transaction_session_timeout"));
      return [statement?.value, idle?.value];
    });
    expect(inside).toEqual(["20s", "20s"]);
    const other = await inDriverTransaction(async (tx) => (await tx.$queryRaw<{ value: string }[]>(setting("statement_timeout")))[0]?.value, {
      timeoutMs: 1500,
    });
    expect(other).toBe("1500ms");
  });

  it("ends a statement that runs past its timeout, rolls back what it wrote, and leaves the pool usable", async () => {
    const key = "driver-transaction-timeout-probe";
    const slow = inDriverTransaction(
      async (tx) => {
        await tx.$queryRaw(Prisma.sql`INSERT INTO login_throttles (key, failures, window_start) VALUES (${key}, 1, now())`);
        await tx.$queryRaw(Prisma.sql`SELECT pg_sleep(5)`);
      },
      { timeoutMs: 300 },
    );
    await expect(slow).rejects.toThrow(/statement timeout/);
    const rows = await inDriverTransaction(async (tx) => tx.$queryRaw(Prisma.sql`SELECT key FROM login_throttles WHERE key = ${key}`));
    expect(rows).toEqual([]);
  });

  it("ends a transaction left idle past its timeout", async () => {
    const idle = inDriverTransaction(
      async (tx) => {
        await tx.$queryRaw(Prisma.sql`SELECT 1`);
        // The work stalls between statements (a hung caller) while its transaction is open.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await tx.$queryRaw(Prisma.sql`SELECT 1`);
      },
      { timeoutMs: 300 },
    );
    await expect(idle).rejects.toThrow();
    // The connection the server closed is not handed out again.
    for (let i = 0; i < 12; i++)
      expect(await inDriverTransaction(async (tx) => tx.$queryRaw<{ one: number }[]>(Prisma.sql`SELECT 1 AS one`))).toEqual([{ one: 1 }]);
  });

  it("refuses a timeout that is not a positive whole number of milliseconds", async () => {
    for (const timeoutMs of [0, -5, 1.5, Number.NaN])
      await expect(inDriverTransaction(async () => 1, { timeoutMs })).rejects.toThrow(/whole number of milliseconds/);
  });
});
