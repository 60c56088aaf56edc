// The mixed workload of `npm run bench`: several signed-in users at once (a dermatologist, a nurse, office
// staff), each on two connections, each cycling through pages with one write in ten: a weight (a clinical
// write: its patient's derived data is recomputed in the same transaction) or an outreach note. Writes go
// through the real server actions, as the browser sends them (Next-Action header, React's reply encoding).
import { createRequire } from "node:module";
import path from "node:path";
import { percentile } from "./bench-stats.mjs";

const require = createRequire(import.meta.url);
process.env.NODE_ENV ??= "production";
const { encodeReply } = require("next/dist/compiled/react-server-dom-webpack/client.node");

/** The id Next gave a server action in this build (from its server reference manifest). */
function actionId(root, exportedName) {
  const manifest = require(path.join(root, ".next/server/server-reference-manifest.json"));
  const found = Object.entries(manifest.node).find(([, v]) => v.exportedName === exportedName);
  if (!found) throw new Error(`bench: no server action ${exportedName} in this build`);
  return found[0];
}

/** A server action call as the browser makes it: the page's URL, the action's id, [previous state, form]. */
async function actionRequest(root, name, pageUrl, fields) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const body = await encodeReply([{ status: "idle" }, form]);
  const encoded = new Response(body);
  return {
    method: "POST",
    url: pageUrl,
    headers: {
      "next-action": actionId(root, name),
      accept: "text/x-component",
      "content-type": encoded.headers.get("content-type") ?? "text/plain;charset=UTF-8",
    },
    body: Buffer.from(await encoded.arrayBuffer()),
    expect: fields.__expect,
  };
}

/**
 * Runs the users' cycles for `seconds`; returns read and write latencies (p50/p95/max), throughput and
 * failures. `users`: [{ label, cookie, cycle: [request | url | { rotate: [request], next: 0 }] }].
 */
export async function runMixed(base, users, seconds) {
  const reads = [];
  const writes = [];
  let failures = 0;
  const deadline = performance.now() + seconds * 1000;
  const loop = async (user, offset) => {
    for (let i = offset; performance.now() < deadline; i++) {
      const entry = user.cycle[i % user.cycle.length];
      // A rotating entry hands out its requests in turn, shared by the user's connections.
      const r = entry.rotate ? entry.rotate[entry.next++ % entry.rotate.length] : entry;
      const req = typeof r === "string" ? { method: "GET", url: r, headers: {} } : r;
      const t = performance.now();
      const res = await fetch(`${base}${req.url}`, {
        method: req.method,
        headers: { ...req.headers, cookie: user.cookie, origin: base },
        body: req.body,
        redirect: "manual",
      });
      const text = await res.text();
      const ms = performance.now() - t;
      const ok = res.status === 200 && (!req.expect || text.includes(req.expect));
      if (!ok) failures++;
      (req.method === "GET" ? reads : writes).push(ms);
    }
  };
  const started = performance.now();
  await Promise.all(users.flatMap((u) => [loop(u, 0), loop(u, 5)]));
  const elapsed = (performance.now() - started) / 1000;
  const stats = (xs) => {
    xs.sort((a, b) => a - b);
    return { n: xs.length, p50: Math.round(percentile(xs, 50)), p95: Math.round(percentile(xs, 95)), max: Math.round(xs[xs.length - 1] ?? NaN) };
  };
  return { rps: (reads.length + writes.length) / elapsed, reads: stats(reads), writes: stats(writes), failures };
}

/**
 * `freeWeightDays`: for each patient, days without a weight (today first, then earlier). A day that has
 * a weight asks "Replace it?" instead of saving, so each weight write takes the next free day: each one
 * is a save, which recomputes the patient's derived data.
 */
export async function mixedUsers(root, logins, patientIds, outreach, freeWeightDays) {
  const [derm, nurse, staff] = logins;
  const [a, b, c, d] = patientIds;
  const weight = async (patientId, who) => ({
    next: 0,
    rotate: await Promise.all(
      freeWeightDays.get(patientId).map((measuredOn) =>
        actionRequest(root, "recordWeightAction", `/patients/${patientId}`, {
          patientId,
          measuredOn,
          weightKg: who === "derm" ? "61.5" : "62",
          // Confirmed up front: the bench's patients may be far from 62 kg, which the form asks about first.
          ack: "WEIGHT_FAR_FROM_RECORDED",
          __expect: "kg recorded for",
        }),
      ),
    ),
  });
  const note = await actionRequest(root, "addOutreachNoteAction", "/monitoring", {
    patientId: outreach.patientId,
    itemKey: outreach.itemKey,
    note: "Left a voicemail about the overdue labs.",
    __expect: "Outreach noted.",
  });
  return [
    {
      label: "dermatologist",
      cookie: derm,
      cycle: [
        "/dashboard",
        `/patients/${a}`,
        "/patients?q=Nguyen",
        `/patients/${b}`,
        "/monitoring",
        `/patients/${c}`,
        "/dashboard?page=2",
        `/patients/${d}`,
        "/patients",
        await weight(a, "derm"),
      ],
    },
    {
      label: "nurse",
      cookie: nurse,
      cycle: [
        `/patients/${b}`,
        "/patients",
        `/patients/${c}`,
        "/monitoring",
        `/patients/${a}`,
        "/patients?q=Kim",
        `/patients/${d}`,
        "/monitoring?status=OVERDUE",
        "/patients",
        await weight(b, "nurse"),
      ],
    },
    {
      label: "staff",
      cookie: staff,
      cycle: [
        "/monitoring",
        "/patients",
        "/monitoring?status=OVERDUE",
        "/patients?q=Garcia",
        "/monitoring?page=2",
        "/patients",
        "/monitoring?status=DUE",
        "/patients?q=Lee",
        "/monitoring",
        note,
      ],
    },
  ];
}
