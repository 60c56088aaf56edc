const next = require("next"); const http = require("node:http");
const app = next({ dev: false, dir: __dirname });
app.prepare().then(() => { const h = app.getRequestHandler(); http.createServer((q, s) => h(q, s)).listen(3400); });
process.on("SIGINT", () => process.exit(0));
