import { describe, expect, it } from "vitest";
import { DeliveryError, deliveryFailureReason } from "./delivery-error";

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
});
