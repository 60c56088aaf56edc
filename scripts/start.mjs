// `npm start`: the production server (scripts/server.mjs: Next's handler, arguments passed through) with
// the heap settings of scripts/server-options.mjs. Signals reach the server; its exit code is ours.
import { spawn } from "node:child_process";
import path from "node:path";
import { serverEnv } from "./server-options.mjs";

const root = path.resolve(import.meta.dirname, "..");
const child = spawn(process.execPath, [path.join(root, "scripts/server.mjs"), ...process.argv.slice(2)], { stdio: "inherit", env: serverEnv(), cwd: root });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
