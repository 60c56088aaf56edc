// The client's address as the production server (scripts/server.mjs) records it for the login throttle.

/** The client's address for one request, given the socket's and the number of trusted proxy hops. */
export function clientAddress(socketAddress, forwardedFor, trustedHops) {
  const socket = (socketAddress ?? "").replace(/^::ffff:/, "");
  if (!trustedHops) return socket;
  const chain = String(forwardedFor ?? "")
    .split(",")
    .map((s) => s.trim().replace(/^::ffff:/, ""))
    .filter(Boolean);
  // Right to left: the socket is the nearest proxy, then each trusted proxy appended the address it saw.
  const hops = [...chain, socket];
  return hops[Math.max(0, hops.length - 1 - trustedHops)] ?? socket;
}
