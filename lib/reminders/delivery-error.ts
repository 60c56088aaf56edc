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
