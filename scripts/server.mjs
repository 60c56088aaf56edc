// The production server: Next's request handler behind a plain Node HTTP server, so that the client's
// address comes from the socket. Next itself only fills X-Forwarded-For when a request lacks it, which
// lets any client choose the address the login throttle counts. Here every request gets
// X-Isotrack-Client-IP, overwritten: the socket's address, or, behind TRUSTED_PROXY_HOPS trusted reverse
// proxies, the address the outermost trusted proxy saw (read from the right of X-Forwarded-For).
// Usage: node scripts/server.mjs [-p PORT] [-H HOSTNAME]; `npm start` runs it with the heap settings.
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { clientAddress } from "./client-address.mjs";

const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const arg = (short, long, fallback) => {
  const i = args.findIndex((a) => a === short || a === long);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const port = Number(arg("-p", "--port", process.env.PORT ?? "3000"));
const hostname = arg("-H", "--hostname", process.env.HOSTNAME_BIND ?? "0.0.0.0");

const trustedHops = Math.max(0, Math.min(5, Number.parseInt(process.env.TRUSTED_PROXY_HOPS ?? "0", 10) || 0));
const app = next({ dev: false, dir: root, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
// Bodies above this are refused with 413 before they reach Next (server actions accept 256 KB).
const MAX_BODY_BYTES = 300 * 1024;
const server = createServer((req, res) => {
  if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) {
    res.writeHead(413, { "Content-Type": "text/plain; charset=utf-8", Connection: "close" });
    res.end("This request is too large. Nothing was saved.");
    req.destroy();
    return;
  }
  req.headers["x-isotrack-client-ip"] = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trustedHops);
  handle(req, res);
});
server.listen(port, hostname, () => console.log(`✓ Ready on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(0));
