import { describe, expect, it } from "vitest";
import { retryOnDeadlock } from "./install";

const deadlock = Object.assign(new Error("deadlock detected"), { code: "40P01" });

describe("retryOnDeadlock", () => {
  it("runs the step again after a deadlock, and only then", async () => {
    let calls = 0;
    expect(
      await retryOnDeadlock(async () => {
        calls++;
        if (calls < 3) throw deadlock;
        return "created";
      }),
    ).toBe("created");
    expect(calls).toBe(3);

    calls = 0;
    const other = Object.assign(new Error("permission denied"), { code: "42501" });
    await expect(
      retryOnDeadlock(async () => {
        calls++;
        throw other;
      }),
    ).rejects.toBe(other);
    expect(calls).toBe(1);
  });

  it("gives up after five deadlocks in a row", async () => {
    let calls = 0;
    await expect(
      retryOnDeadlock(async () => {
        calls++;
        throw deadlock;
      }),
    ).rejects.toBe(deadlock);
    expect(calls).toBe(5);
  });
});
