// start server on big50, login, fetch given urls once each, print timing
import { spawn } from "node:child_process";
import { serverEnv } from "../scripts/server-options.mjs";
const base = "http://127.0.0.1:3310";
const env = serverEnv({ ...process.env, DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/big50", AUTH_SECRET: "bench-secret", LOG_LEVEL: "warn", NEXT_TELEMETRY_DISABLED: "1" });
const server = spawn(process.execPath, ["scripts/server.mjs", "-p", "3310"], { env, stdio: ["ignore", "ignore", "inherit"], detached: true });
for (let i = 0; i < 100; i++) { if (await fetch(`${base}/login`).then((r) => r.ok, () => false)) break; await new Promise((r) => setTimeout(r, 200)); }
const jar = new Map();
const keep = (res) => { for (const c of res.headers.getSetCookie()) { const [pair] = c.split(";"); const i = pair.indexOf("="); jar.set(pair.slice(0, i), pair.slice(i + 1)); } };
const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
let res = await fetch(`${base}/api/auth/csrf`); keep(res);
const { csrfToken } = await res.json();
res = await fetch(`${base}/api/auth/callback/credentials`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() }, body: new URLSearchParams({ csrfToken, email: process.env.EMAIL ?? "derm@demo.isotrack.test", password: process.env.PASSWORD ?? "Derm-demo-2026!", callbackUrl: `${base}/` }) });
keep(res);
const urls = process.argv.slice(2);
for (let round = 0; round < 3; round++) for (const u of urls) { const t = performance.now(); const r = await fetch(base + u, { headers: { cookie: cookie() } }); const text = await r.text(); if (round === 0) { console.log(u, "bytes", text.length); (await import("node:fs")).writeFileSync(`.scratch/page${u.replace(/\W/g, "_")}.html`, text); } const body = await r.text().catch(() => ""); console.log(round, u, r.status, Math.round(performance.now() - t), "ms"); }
process.kill(-server.pid, "SIGTERM");
process.exit(0);
