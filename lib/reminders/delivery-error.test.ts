import { describe, expect, it } from "vitest";
import { DeliveryError, deliveryFailureReason, isTransientDeliveryError } from "./delivery-error";

describe("delivery failure reasons", () => {
  it("keep SMTP and socket codes and drop the server's words, which quote the address back", () => {
    const smtp = Object.assign(new Error("Can't send mail - all recipients were rejected: 550 5.1.1 <jane.doe@example.test>: unknown"), {
      code: "EENVELOPE",
      responseCode: 550,
      response: "550 5.1.1 <jane.doe@example.test>: unknown",
    });
    expect(deliveryFailureReason(smtp)).toBe("The mail server refused the message (SMTP 550, EENVELOPE).");
    expect(deliveryFailureReason(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:2525"), { code: "ECONNREFUSED" }))).toBe(
      "The message could not be delivered (ECONNREFUSED).",
    );
  });

  it("never pass on a code that is not a plain code", () => {
    expect(deliveryFailureReason(Object.assign(new Error("x"), { code: "jane@example.test" }))).toBe("The message could not be delivered (unexpected error).");
    expect(deliveryFailureReason("jane@example.test")).toBe("The message could not be delivered (unexpected error).");
  });

  it("keep a provider's own safe reason", () => {
    expect(deliveryFailureReason(new DeliveryError("The text-message gateway is not reachable."))).toBe("The text-message gateway is not reachable.");
  });

  it.each([
    // The fields nodemailer gives (each stage's command is "CONN"; the stage shows in the socket call and message).
    ["connection refused", { code: "ESOCKET", command: "CONN", syscall: "connect", message: "connect ECONNREFUSED 127.0.0.1:1" }, true],
    ["a connection timeout", { code: "ETIMEDOUT", command: "CONN", message: "Connection timeout" }, true],
    ["no greeting from the server", { code: "ETIMEDOUT", command: "CONN", message: "Greeting never received" }, true],
    ["a DNS failure", { code: "EDNS", command: "CONN" }, true],
    ["the connection closed after the message was sent", { code: "ECONNECTION", command: "CONN", message: "Connection closed unexpectedly" }, false],
    ["the connection reset during the transfer", { code: "ESOCKET", command: "CONN", syscall: "read", message: "read ECONNRESET" }, false],
    ["no answer after the message was sent", { code: "ETIMEDOUT", command: "CONN", message: "Timeout" }, false],
    ["a 421 service not available", { code: "EENVELOPE", responseCode: 421, command: "RCPT TO" }, true],
    ["a 451 local error after the message", { code: "EMESSAGE", responseCode: 451, command: "DATA" }, true],
    ["a 550 refusal", { code: "EENVELOPE", responseCode: 550, command: "RCPT TO" }, false],
    ["a timeout during the transfer", { code: "ETIMEDOUT", command: "DATA" }, false],
    ["a dropped connection during the transfer", { code: "ESOCKET", command: "DATA" }, false],
  ])("a retry is safe only when the message certainly was not taken: %s", (_label, fields, transient) => {
    expect(isTransientDeliveryError(Object.assign(new Error("x"), fields))).toBe(transient);
  });

  it("treats a provider's own reasons and non-errors as final", () => {
    expect(isTransientDeliveryError(new DeliveryError("The text-message gateway is not reachable."))).toBe(false);
    expect(isTransientDeliveryError("ECONNECTION")).toBe(false);
  });
});
