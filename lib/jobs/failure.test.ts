import pg from "pg";
import { describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { jobFailure } from "./failure";

describe("what a failed job records", () => {
  it("names a database error by its class and code, never its text", () => {
    const known = new Prisma.PrismaClientKnownRequestError("Unique constraint failed: MRN-10001 Smith", { code: "P2002", clientVersion: "7" });
    expect(jobFailure(known).message).toBe(
      "PrismaClientKnownRequestError P2002: the database refused the job's work (the error's text is not kept, as it may quote data)",
    );
    const validation = new Prisma.PrismaClientValidationError("Argument `lastName`: Smith is not valid", { clientVersion: "7" });
    expect(jobFailure(validation).message).not.toContain("Smith");
    const driver = Object.assign(new pg.DatabaseError('invalid input syntax for type date: "Smith"', 0, "error"), { code: "22007", severity: "ERROR" });
    expect(jobFailure(driver).message).toBe("Database error 22007: the database refused the job's work (the error's text is not kept, as it may quote data)");
  });

  it("keeps the application's own refusals and other errors as they are", () => {
    expect(jobFailure(new AppError("REFUSED", "A settings version is being applied.")).message).toBe("A settings version is being applied.");
    expect(jobFailure(new Error("connect ECONNREFUSED 127.0.0.1:2525")).message).toBe("connect ECONNREFUSED 127.0.0.1:2525");
    expect(jobFailure("stopped").message).toBe("stopped");
  });
});
