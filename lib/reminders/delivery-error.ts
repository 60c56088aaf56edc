/**
 * A failed delivery, with a reason that may be stored and shown: it never carries the recipient's address
 * or number, nor the server's own reply text (which often quotes the address back).
 */
export class DeliveryError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "DeliveryError";
  }
}

/**
 * What a failed send means for the reminder, its batch and the run:
 * - RECIPIENT_LATER: the server will not take mail for this recipient for now (a 4xx answer to RCPT TO,
 *   such as a full mailbox); nothing was sent. This reminder alone waits for a later run, its attempt
 *   counted; the rest of the batch is sent.
 * - SERVER_LATER: the server cannot take any message now and nothing reached it (no connection, a DNS
 *   failure, a connection or greeting timeout, a 4xx answer to anything but one recipient, 421 included):
 *   the batch waits for the next run, each attempt counted.
 * - SESSION_REFUSED: the server refused the clinic's session before any message (a login or TLS refusal,
 *   a 5xx greeting or HELO, the sender address refused): the clinic's mail settings, not the patient's
 *   address, are at fault, so the reminders wait without an attempt counted and the run fails for an
 *   administrator to see.
 * - OUTBOX_UNWRITABLE: the outbox folder (OUTBOX_DIR, where reminders go without SMTP_URL) could not be
 *   written: a file system error of the server (a full disk, no permission, a path that is not a folder, too
 *   many open files). Nothing about the patient was tried and nothing was delivered (a message lands whole or
 *   not at all: lib/reminders/outbox.ts), so, as for SESSION_REFUSED, the reminders wait with no attempt
 *   counted and the run fails for an administrator to see; they go out once the folder can be written, be it
 *   freed space or a corrected setting.
 * - MAYBE_DELIVERED: the connection failed once the transfer may have begun (see isCertainlyUnsent): the
 *   server may have the message, so it is never sent again.
 * - FINAL: the server refused this message (a 5xx answer to RCPT TO or DATA), a provider's own reason, or
 *   an error of unknown kind.
 */
export type DeliveryFailureKind = "RECIPIENT_LATER" | "SERVER_LATER" | "SESSION_REFUSED" | "OUTBOX_UNWRITABLE" | "MAYBE_DELIVERED" | "FINAL";

interface TransportFields {
  code?: unknown;
  command?: unknown;
  syscall?: unknown;
  message?: unknown;
  responseCode?: unknown;
}

/**
 * The file system errors of writing the outbox, each with what it means for an administrator. Node names them
 * by code and system call; a socket's errors (ECONNRESET on `write`, nodemailer's ESOCKET) are not among them.
 */
const FILE_SYSTEM_ERRORS: Record<string, string> = {
  ENOSPC: "the disk is full",
  EDQUOT: "the disk is full",
  EACCES: "the server may not write there",
  EPERM: "the server may not write there",
  EROFS: "the server may not write there",
  ENOTDIR: "its path is not a folder",
  EEXIST: "its path is not a folder",
  EISDIR: "its path is not a folder",
  ENOENT: "its path is not a folder",
  ELOOP: "its path is not a folder",
  ENAMETOOLONG: "its path is not a folder",
  EMFILE: "the server is short of resources for now",
  ENFILE: "the server is short of resources for now",
  ENOMEM: "the server is short of resources for now",
  EAGAIN: "the server is short of resources for now",
  EBUSY: "the server is short of resources for now",
  EIO: "the disk failed to write",
};
const FILE_SYSTEM_CALLS = new Set(["open", "write", "close", "mkdir", "rename", "fsync", "unlink", "chmod", "copyfile", "access", "stat", "lstat"]);

function fileSystemCode(e: TransportFields): string | null {
  return typeof e.code === "string" && Object.hasOwn(FILE_SYSTEM_ERRORS, e.code) && FILE_SYSTEM_CALLS.has(String(e.syscall)) ? e.code : null;
}

/** The commands of an SMTP session before any message: the greeting (nodemailer's "CONN"), EHLO/HELO/LHLO. */
const SESSION_COMMANDS = new Set(["CONN", "EHLO", "HELO", "LHLO"]);

export function deliveryFailureKind(error: unknown): DeliveryFailureKind {
  if (typeof error !== "object" || error === null || error instanceof DeliveryError) return "FINAL";
  const e = error as TransportFields;
  if (fileSystemCode(e)) return "OUTBOX_UNWRITABLE";
  // Login refused or TLS failed (whatever the code the server gave): no message was started.
  if (e.code === "EAUTH" || e.code === "ETLS") return "SESSION_REFUSED";
  if (typeof e.responseCode === "number") {
    const smtp = e.responseCode;
    // 421 closes the session whatever the command (RFC 5321 §3.8): the server, not this recipient.
    if (smtp >= 400 && smtp < 500) return e.command === "RCPT TO" && smtp !== 421 ? "RECIPIENT_LATER" : "SERVER_LATER";
    // A 5xx greeting or HELO (nodemailer's EPROTOCOL), or the clinic's sender address refused.
    const session = (e.code === "EPROTOCOL" && SESSION_COMMANDS.has(String(e.command))) || e.command === "MAIL FROM";
    return smtp >= 500 && session ? "SESSION_REFUSED" : "FINAL";
  }
  if (isCertainlyUnsent(e)) return "SERVER_LATER";
  if (e.code === "ECONNECTION" || e.code === "ESOCKET" || e.code === "ETIMEDOUT") return "MAYBE_DELIVERED";
  return "FINAL";
}

/**
 * A failure after which the message certainly did not reach the mail server: a DNS failure, a connection
 * refused or unreachable (the socket's `connect` call failed), the connection or greeting timing out.
 * nodemailer names every dropped connection "CONN" whatever the stage, so the stage is read from the socket
 * call and nodemailer's own messages: a connection closed or reset, or a timeout, once the transfer began
 * (ECONNECTION, a socket `read`/`write` error, "Timeout") may come after the server took the message.
 */
function isCertainlyUnsent(e: TransportFields): boolean {
  if (e.code === "EDNS") return true;
  if (e.code === "ESOCKET") return e.syscall === "connect";
  if (e.code === "ETIMEDOUT") return e.message === "Connection timeout" || e.message === "Greeting never received";
  return false;
}

/** A safe, stored reason for any error a transport threw: SMTP codes and socket error codes only. */
export function deliveryFailureReason(error: unknown): string {
  if (error instanceof DeliveryError) return error.reason;
  const e = (typeof error === "object" && error !== null ? error : {}) as TransportFields;
  const code = typeof e.code === "string" && /^[A-Z_]{2,40}$/.test(e.code) ? e.code : null;
  const smtp = typeof e.responseCode === "number" && Number.isInteger(e.responseCode) ? e.responseCode : null;
  const codes = [smtp !== null ? `SMTP ${smtp}` : null, code].filter(Boolean).join(", ");
  switch (deliveryFailureKind(error)) {
    case "OUTBOX_UNWRITABLE": {
      const fsCode = fileSystemCode(e)!;
      return `The outbox folder (OUTBOX_DIR) could not be written (${fsCode}: ${FILE_SYSTEM_ERRORS[fsCode]}); the reminders wait and go out once it can be written.`;
    }
    case "SESSION_REFUSED":
      return `The mail server refused the clinic's connection (${codes}); check the mail settings (SMTP_URL).`;
    case "RECIPIENT_LATER":
      return `The mail server could not take the message for now (${codes}).`;
    case "MAYBE_DELIVERED":
      return `Sending was interrupted (${codes}); the message may have been delivered. Send a new reminder if needed.`;
    default:
      if (smtp !== null) return `The mail server refused the message (${codes}).`;
      if (code) return `The message could not be delivered (${code}).`;
      return "The message could not be delivered (unexpected error).";
  }
}
