// Adds lockfile entries for other platforms' optional native binaries (e.g. @next/swc-darwin-arm64)
// that npm could not record because the registry this machine uses serves only its own platform.
// Without them `npm ci` refuses the lockfile; with them (os/cpu set) npm skips them on every platform
// they do not match. Run after `npm install` changes package-lock.json.
import { readFileSync, writeFileSync } from "node:fs";

const LOCK = "package-lock.json";
const lock = JSON.parse(readFileSync(LOCK, "utf8"));
const packages = lock.packages;

const PLATFORM = /-(android|darwin|freebsd|linux|openharmony|win32|wasm32)-?([a-z0-9]*)?(?:-(gnu|musl|gnueabihf|musleabihf|eabi|msvc|wasi))?$/;

function platformOf(name) {
  const m = PLATFORM.exec(name);
  if (!m) return null;
  const [, os, cpuRaw, abi] = m;
  if (os === "wasm32") return { cpu: ["wasm32"] };
  const cpu = cpuRaw || (abi === "eabi" || abi?.includes("eabihf") ? "arm" : "");
  const entry = { os: [os], cpu: [cpu === "arm" || abi?.includes("eabi") ? "arm" : cpu] };
  if (os === "linux" && abi) entry.libc = [abi.startsWith("musl") ? "musl" : "glibc"];
  return entry;
}

let added = 0;
for (const [path, pkg] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const key = `${path ? `${path}/` : ""}node_modules/${dep}`.replace(/^node_modules\/(.*)\/node_modules\//, "node_modules/$1/node_modules/");
    const hoisted = `node_modules/${dep}`;
    if (packages[key] || packages[hoisted]) continue;
    const platform = platformOf(dep);
    if (!platform) continue;
    packages[hoisted] = { version, ...platform, optional: true };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: ${added} other-platform optional package(s) recorded`);
