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

/** A safe, stored reason for any error a transport threw: SMTP codes and socket error codes only. */
export function deliveryFailureReason(error: unknown): string {
  if (error instanceof DeliveryError) return error.reason;
  const e = (typeof error === "object" && error !== null ? error : {}) as { code?: unknown; responseCode?: unknown };
  const code = typeof e.code === "string" && /^[A-Z_]{2,40}$/.test(e.code) ? e.code : null;
  const smtp = typeof e.responseCode === "number" && Number.isInteger(e.responseCode) ? e.responseCode : null;
  if (smtp !== null) return `The mail server refused the message (SMTP ${smtp}${code ? `, ${code}` : ""}).`;
  if (code) return `The message could not be delivered (${code}).`;
  return "The message could not be delivered (unexpected error).";
}

/**
 * A failure after which the message certainly did not reach the mail server, so sending it later cannot
 * send it twice: the server answered with a transient 4xx code (RFC 5321 §4.2.1: "the command was not
 * accepted… the error condition is temporary"), or no connection was made: a DNS failure, a connection
 * refused or unreachable (the socket's `connect` call failed), the connection or greeting timing out.
 * nodemailer names every dropped connection "CONN" whatever the stage, so the stage is read from the socket
 * call and nodemailer's own messages: a connection closed or reset, or a timeout, once the transfer began
 * (ECONNECTION, a socket `read`/`write` error, "Timeout") may come after the server took the message, and
 * is recorded as failed rather than risk a second copy.
 */
export function isTransientDeliveryError(error: unknown): boolean {
  if (typeof error !== "object" || error === null || error instanceof DeliveryError) return false;
  const e = error as { code?: unknown; syscall?: unknown; message?: unknown; responseCode?: unknown };
  if (typeof e.responseCode === "number") return e.responseCode >= 400 && e.responseCode < 500;
  if (e.code === "EDNS") return true;
  if (e.code === "ESOCKET") return e.syscall === "connect";
  if (e.code === "ETIMEDOUT") return e.message === "Connection timeout" || e.message === "Greeting never received";
  return false;
}
