import { describe, expect, it } from "vitest";
import { clientAddress } from "../../scripts/client-address.mjs";

describe("the client address the login throttle counts", () => {
  it.each([
    ["127.0.0.1", "6.6.6.6", 0, "127.0.0.1"], // no trusted proxy: X-Forwarded-For is ignored
    ["::ffff:127.0.0.1", undefined, 0, "127.0.0.1"],
    ["10.0.0.2", "203.0.113.5", 1, "203.0.113.5"], // one trusted proxy: the address it saw
    ["10.0.0.2", "6.6.6.6, 203.0.113.5", 1, "203.0.113.5"], // a client-supplied value further left is ignored
    ["10.0.0.2", "6.6.6.6, 203.0.113.5, 10.0.0.9", 2, "203.0.113.5"],
    ["10.0.0.2", undefined, 1, "10.0.0.2"], // a trusted proxy that sent nothing: the socket
  ])("socket %s, X-Forwarded-For %s, %i trusted hops: %s", (socket, xff, hops, expected) => {
    expect(clientAddress(socket, xff, hops)).toBe(expected);
  });
});
