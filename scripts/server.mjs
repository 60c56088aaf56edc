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
import { HL7_ACK_CONTENT_TYPE, HL7_PATH, tooLargeAck } from "./hl7-ack.mjs";

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
// Bodies above these are refused with 413 before they reach Next, which would otherwise answer with an
// error page. Forms and a lab interface's one HL7 message (/hl7): 256 KB. File uploads (migration CSV files
// and HL7 result files of at most 2 MB, in a multipart body) go to their own pages, which take 3 MB;
// next.config.mjs sets the server actions' own limit to the larger one. /hl7 answers with an HL7
// acknowledgement (AE), as it answers everything else, and every other path with a line of text.
const MAX_BODY_BYTES = 256 * 1024;
const MAX_UPLOAD_BYTES = 3 * 1024 * 1024;
const UPLOAD_PATHS = /^\/(patients\/import|labs\/import)\/?(\?|$)/;
const bodyLimit = (req) => (req.method === "POST" && UPLOAD_PATHS.test(req.url ?? "") ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES);
function tooLarge(req, res) {
  if (res.headersSent) return void req.destroy();
  const hl7 = HL7_PATH.test(req.url ?? "");
  res.writeHead(
    413,
    hl7
      ? { "Content-Type": HL7_ACK_CONTENT_TYPE, "Cache-Control": "no-store", Connection: "close" }
      : { "Content-Type": "text/plain; charset=utf-8", Connection: "close" },
  );
  // The answer goes out first; then the connection closes, with whatever the client was still sending.
  res.end(hl7 ? tooLargeAck(bodyLimit(req)) : "This request is too large. Nothing was saved.", () => req.destroy());
}
/**
 * A body without a Content-Length (chunked) is counted as it arrives: the HTTP parser pushes each chunk
 * into the request stream, so the count sees every byte before Next does, and the request is refused at
 * the first byte past the limit (server actions read their whole body before they run: nothing runs).
 */
function limitStreamedBody(req, res, limit) {
  let seen = 0;
  let refused = false;
  const push = req.push.bind(req);
  req.push = (chunk, encoding) => {
    if (chunk) seen += chunk.length;
    if (seen > limit) {
      if (!refused) tooLarge(req, res);
      refused = true;
      return false;
    }
    return push(chunk, encoding);
  };
}
const server = createServer((req, res) => {
  const limit = bodyLimit(req);
  if (Number(req.headers["content-length"] ?? 0) > limit) return tooLarge(req, res);
  limitStreamedBody(req, res, limit);
  req.headers["x-isotrack-client-ip"] = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trustedHops);
  handle(req, res);
});
server.listen(port, hostname, () => console.log(`✓ Ready on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(0));
