import { AppError } from "@/lib/errors";

/**
 * What a failed job records, and the administrators' jobs page (/admin/jobs) shows: the error's own
 * message, except a database error's, whose text may quote the values it was given (a row's MRN, a name),
 * which administrators must not see. That one is named by its class and code only. The application's own
 * refusals (AppError) never carry patient data (lib/errors.ts); nor do a mail server's or a network's.
 */
export function jobFailure(error: unknown): Error {
  if (error instanceof AppError) return new Error(error.message);
  const { name, code, severity } = (typeof error === "object" && error !== null ? error : {}) as { name?: unknown; code?: unknown; severity?: unknown };
  const className = typeof name === "string" ? name : "";
  // The driver's own errors carry the server's severity (and are named after the protocol message, "error").
  const fromDatabase = severity !== undefined ? "Database error" : /Prisma|DriverAdapter/.test(className) ? className : null;
  if (fromDatabase) {
    const shownCode = typeof code === "string" || typeof code === "number" ? ` ${code}` : "";
    return new Error(`${fromDatabase}${shownCode}: the database refused the job's work (the error's text is not kept, as it may quote data)`);
  }
  return new Error(error instanceof Error ? error.message : String(error));
}
