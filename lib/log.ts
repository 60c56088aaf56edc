import pino from "pino";

/**
 * Structured server log. Never pass patient data here: ids only (HIPAA minimum necessary). The e2e run
 * checks the server's output for every seeded patient's name, MRN, phone and email.
 */
export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: undefined,
  redact: { paths: ["email", "password", "*.email", "*.password"], remove: true },
});
