import pg from "pg";
import { clinicToday } from "../lib/clinic";
import { createSpecPatient, createUser, recordLabs, type SpecPatient, type SpecUser } from "./data";
import { expect, hydrated, LOGINS, searchPatients, signIn, storageStateFor, test, type DemoRole } from "./fixtures";

type Outcome = 200 | 403 | "login";
// Every page, and what each caller gets. Anonymous callers are always sent to the login page.
const PAGES: { path: string; DERMATOLOGIST: Outcome; NURSE: Outcome; STAFF: Outcome; ADMIN: Outcome }[] = [
  { path: "/dashboard", DERMATOLOGIST: 200, NURSE: 403, STAFF: 403, ADMIN: 403 },
  { path: "/dashboard/alerts", DERMATOLOGIST: 200, NURSE: 403, STAFF: 403, ADMIN: 403 },
  { path: "/patients", DERMATOLOGIST: 200, NURSE: 200, STAFF: 200, ADMIN: 403 },
  { path: "/patients/new", DERMATOLOGIST: 200, NURSE: 200, STAFF: 200, ADMIN: 403 },
  { path: "/patients/:id", DERMATOLOGIST: 200, NURSE: 200, STAFF: 200, ADMIN: 403 },
  { path: "/patients/:id/edit", DERMATOLOGIST: 200, NURSE: 200, STAFF: 200, ADMIN: 403 },
  { path: "/patients/:id/courses/new", DERMATOLOGIST: 200, NURSE: 403, STAFF: 403, ADMIN: 403 },
  { path: "/monitoring", DERMATOLOGIST: 200, NURSE: 200, STAFF: 200, ADMIN: 403 },
  { path: "/monitoring/export", DERMATOLOGIST: 200, NURSE: 200, STAFF: 200, ADMIN: 403 },
  { path: "/lab-catalogue", DERMATOLOGIST: 200, NURSE: 403, STAFF: 403, ADMIN: 403 },
  { path: "/settings", DERMATOLOGIST: 200, NURSE: 403, STAFF: 403, ADMIN: 403 },
  { path: "/approvals", DERMATOLOGIST: 200, NURSE: 403, STAFF: 403, ADMIN: 403 },
  { path: "/admin/users", DERMATOLOGIST: 403, NURSE: 403, STAFF: 403, ADMIN: 200 },
  { path: "/admin/audit", DERMATOLOGIST: 403, NURSE: 403, STAFF: 403, ADMIN: 200 },
  { path: "/admin/api-clients", DERMATOLOGIST: 403, NURSE: 403, STAFF: 403, ADMIN: 200 },
  { path: "/admin/lab-interfaces", DERMATOLOGIST: 403, NURSE: 403, STAFF: 403, ADMIN: 200 },
  { path: "/labs/import", DERMATOLOGIST: 200, NURSE: 200, STAFF: 403, ADMIN: 403 },
  { path: "/labs/queue", DERMATOLOGIST: 200, NURSE: 200, STAFF: 403, ADMIN: 403 },
  { path: "/account", DERMATOLOGIST: 200, NURSE: 200, STAFF: 200, ADMIN: 200 },
];
const ROLES: DemoRole[] = ["DERMATOLOGIST", "NURSE", "STAFF", "ADMIN"];

// A patient for the pages that show one; one whose positive pregnancy test is in the audit trail; an account
// the throttle locks; a dermatologist an administrator disables; a staff member whose role form is tampered with.
let patient: SpecPatient;
let positive: SpecPatient;
let lockable: SpecUser;
let disabled: SpecUser;
let tampered: SpecUser;
test.beforeAll(async () => {
  const [derm, nurse] = [await createUser("DERMATOLOGIST"), await createUser("NURSE")];
  [lockable, disabled, tampered] = [await createUser("NURSE"), await createUser("DERMATOLOGIST"), await createUser("STAFF")];
  [patient, positive] = [await createSpecPatient(derm), await createSpecPatient(derm, { canBecomePregnant: true })];
  await recordLabs(positive, nurse, clinicToday(), { "2106-3": "POSITIVE" }, "OFFICE");
});

test("every page answers each role as the table says", async ({ baseURL, playwright }) => {
  const id = patient.id;
  let checked = 0;
  for (const role of [...ROLES, "ANONYMOUS" as const]) {
    const ctx = await playwright.request.newContext({ baseURL, storageState: role === "ANONYMOUS" ? undefined : storageStateFor(role) });
    for (const page of PAGES) {
      const res = await ctx.get(page.path.replace(":id", id), { maxRedirects: 0 });
      const expected: Outcome = role === "ANONYMOUS" ? "login" : page[role];
      if (expected === "login") {
        expect(res.status(), `${page.path} as ${role}`).toBe(307);
        expect(res.headers().location, page.path).toMatch(/\/login(\?|$)/);
      } else expect(res.status(), `${page.path} as ${role}`).toBe(expected);
      checked++;
    }
    await ctx.dispose();
  }
  expect(checked).toBe(PAGES.length * 5);
});

test("security headers; patient pages are not cached; no X-Powered-By", async ({ request }) => {
  const res = await request.get("/login");
  const h = res.headers();
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["content-security-policy"]).toContain("default-src 'self'");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["strict-transport-security"]).toContain("max-age=");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("same-origin");
  expect(h["x-powered-by"]).toBeUndefined();
});

test.describe("hostile requests get a clear answer, never a server error", () => {
  test.use({ storageState: storageStateFor("NURSE") });

  test("over-long, repeated or control-character searches", async ({ page }) => {
    for (const [how, message] of [
      ["over-long", "Search with at most 100 characters."],
      ["repeated", "Search for one thing at a time."],
      ["control character", "Remove the invisible control characters from this text."],
    ] as const) {
      await page.goto("/patients");
      const box = page.getByRole("searchbox", { name: "Search patients" });
      await hydrated(box);
      if (how === "over-long") await box.fill("a".repeat(101));
      // A hand-made form: the field twice, or a NUL in the term.
      else if (how === "repeated")
        await box.evaluate((el) => {
          (el as HTMLInputElement).value = "a";
          el.insertAdjacentHTML("afterend", '<input type="hidden" name="q" value="b">');
        });
      else await box.evaluate((el) => ((el as HTMLInputElement).value = "ab\u0000cd"));
      await page.getByRole("button", { name: "Search" }).click();
      await expect(page.getByTestId("search-problem"), how).toHaveText(message);
      await expect(page).toHaveURL(/\/patients$/);
    }
  });

  test("an oversized body is refused with 413 before it reaches the application", async ({ request }) => {
    const res = await request.post("/patients/new", { data: "x".repeat(400 * 1024), headers: { "Content-Type": "text/plain" } });
    expect([res.status(), res.headers()["content-type"], await res.text()]).toEqual([
      413,
      "text/plain; charset=utf-8",
      "This request is too large. Nothing was saved.",
    ]);
  });

  test("an oversized HL7 message to /hl7 is answered 413 with an HL7 acknowledgement (AE), as /hl7 answers", async ({ request }) => {
    const res = await request.post("/hl7", { data: "x".repeat(400 * 1024), headers: { "Content-Type": "x-application/hl7-v2+er7" } });
    expect([res.status(), res.headers()["content-type"], res.headers()["cache-control"]]).toEqual([413, "x-application/hl7-v2+er7; charset=utf-8", "no-store"]);
    const [msh, ...rest] = (await res.text()).split("\r");
    // The body is not read: no sender to address, no control id to acknowledge (MSA-2 empty).
    expect(msh).toMatch(/^MSH\|\^~\\&\|ISOTRACK\|CLINIC\|\|\|\d{14}\|\|ACK\^R01\^ACK\|ACK[0-9a-f]{17}\|P\|2\.5\.1$/);
    const text = "The message is over 256 KB and was not read: nothing of it was imported.";
    expect(rest).toEqual([`MSA|AE||${text}`, `ERR|||207^Application internal error^HL70357|E||||${text}`]);
  });

  test("a chunked body without a length is counted as it arrives and refused with 413 past the limit", async ({ baseURL }) => {
    const { request: httpRequest } = await import("node:http");
    // The server answers 413 at the first byte past the limit and closes the connection: the client sees the
    // answer, or (when its next write races the close) the connection cut while it was still sending.
    // Either way the body was refused; an accepted body would get the page's 200, 303 or an action's answer.
    const outcome = await new Promise<number | "cut while sending">((resolve, reject) => {
      const req = httpRequest(
        `${baseURL}/patients/new`,
        { method: "POST", headers: { "Content-Type": "text/plain", "Transfer-Encoding": "chunked" } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" || error.code === "ECONNRESET" ? resolve("cut while sending") : reject(error)));
      const chunk = "x".repeat(16 * 1024);
      let sent = 0;
      const writeMore = () => {
        while (sent < 40) {
          sent++;
          if (!req.write(chunk)) return void req.once("drain", writeMore);
        }
        req.end();
      };
      writeMore();
    });
    expect([413, "cut while sending"]).toContain(outcome);
  });

  test("the Content-Security-Policy allows scripts by nonce only, and the page's scripts carry it", async ({ page }) => {
    const res = await page.goto("/patients");
    const csp = res!.headers()["content-security-policy"]!;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toMatch(/script-src[^;]*'strict-dynamic'/);
    // Every script the server sent carries the nonce.
    const sent = [...(await res!.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter((tag) => !tag.includes(`nonce="${nonce}"`))).toEqual([]);
    // A script without it can only be one of the app's own chunks, added by Next's runtime (a nonced script)
    // as the router loads a route: what 'strict-dynamic' admits. An inline one would fail here (no src).
    const live = await page
      .locator("script")
      .evaluateAll((els) => els.map((e) => ({ nonce: (e as HTMLScriptElement).nonce, src: (e as HTMLScriptElement).src })));
    const origin = new URL(page.url()).origin;
    for (const s of live.filter((x) => x.nonce !== nonce)) {
      const url = new URL(s.src);
      expect(url.origin).toBe(origin);
      expect(url.pathname).toMatch(/^\/_next\/static\/chunks\/[\w.-]+\.js$/);
    }
    // The page is interactive: React hydrated under the policy.
    await page.getByRole("link", { name: "New patient" }).click();
    await expect(page).toHaveURL(/\/patients\/new$/);
  });
});

test.describe("as a dermatologist", () => {
  test.use({ storageState: storageStateFor("DERMATOLOGIST") });

  test("pages whose list rows hold forms send only nonced scripts, React's form-replay script included", async ({ page }) => {
    // The dashboard's reviews and the worklist's reminders are function-action forms (useRowFormAction): React
    // adds an inline script that replays a submit made before hydration; it must carry the nonce too.
    const sentScripts = async (path: string) => {
      const res = await page.goto(path);
      const nonce = /'nonce-([^']+)'/.exec(res!.headers()["content-security-policy"]!)?.[1];
      const html = await res!.text();
      const scripts = [...html.matchAll(/(<script\b[^>]*>)([^<]*)/g)].map((m) => ({ tag: m[1]!, body: m[2]! }));
      return { html, scripts, unnonced: scripts.filter((s) => !s.tag.includes(`nonce="${nonce}"`)) };
    };
    const dashboard = await sentScripts("/dashboard");
    expect(dashboard.unnonced).toEqual([]);
    // The worklist always has rows (the dashboard's review list may have been emptied by other tests): its
    // reminder forms are function actions, and the replay script comes with them, nonced like the rest.
    const worklist = await sentScripts("/monitoring");
    expect(worklist.html).toContain('action="javascript:throw');
    expect(worklist.unnonced).toEqual([]);
    expect(worklist.scripts.filter((s) => s.body.startsWith('addEventListener("submit"'))).toHaveLength(1);
  });
});

test.describe("as a nurse", () => {
  test.use({ storageState: storageStateFor("NURSE") });
  test("a patient page is sent with no-store", async ({ page }) => {
    await searchPatients(page, patient.mrn);
    await page.getByRole("link", { name: patient.name }).click();
    const res = await page.reload();
    expect(res!.headers()["cache-control"]).toContain("no-store");
  });
});

test("the x-middleware-subrequest header bypasses nothing", async ({ playwright, baseURL }) => {
  const ctx = await playwright.request.newContext({ baseURL });
  for (const value of [
    "middleware",
    "proxy",
    "middleware:middleware:middleware:middleware:middleware",
    "proxy:proxy:proxy:proxy:proxy",
    "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware",
  ]) {
    for (const path of ["/patients", "/dashboard", "/monitoring/export"]) {
      const res = await ctx.get(path, { headers: { "x-middleware-subrequest": value }, maxRedirects: 0 });
      expect([307, 401], `${path} with ${value}`).toContain(res.status());
      const body = await res.text();
      for (const marker of ["MRN-100", patient.mrn, patient.lastName]) expect(body).not.toContain(marker);
    }
  }
  await ctx.dispose();
});

test("five wrong passwords lock the account: then even the right one is refused, with the same message", async ({ page }) => {
  // An account of its own: the lock lasts 15 minutes.
  const { email, password } = lockable;
  const attempt = (pw: string) => signIn(page, { email, password: pw });
  for (let i = 0; i < 5; i++) {
    await attempt(`wrong-${i}`);
    await expect(page.getByTestId("form-error")).toBeVisible();
  }
  const message = await page.getByTestId("form-error").textContent();
  await attempt(password);
  await expect(page.getByTestId("form-error")).toHaveText(message!);
  await expect(page).toHaveURL(/\/login(\?|$)/);
});

test("a client cannot choose the address the throttle counts: rotating X-Forwarded-For still locks the pair", async ({ browser }) => {
  const email = `xff-${Date.now()}@demo.isotrack.test`;
  for (let i = 0; i < 6; i++) {
    const context = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": `203.0.113.${i}`, "X-Isotrack-Client-IP": `198.51.100.${i}` } });
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`wrong-${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("form-error")).toBeVisible();
    await context.close();
  }
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  const { rows } = await db.query("SELECT key, failures, locked_until > now() AS locked FROM login_throttles WHERE key LIKE $1 ORDER BY key", [`%${email}%`]);
  await db.end();
  // Six attempts, five password checks, all counted against the socket's address.
  expect(rows.map((r) => [r.key, r.failures])).toEqual([
    [`acct:${email}`, 5],
    [`acctip:${email}|127.0.0.1`, 5],
  ]);
  expect(rows[1].locked).toBe(true);
});

test("an administrator disables a signed-in user: their next request is refused, and it is audited", async ({ browser }) => {
  const userCtx = await browser.newContext();
  const userPage = await userCtx.newPage();
  await signIn(userPage, disabled);
  await expect(userPage).toHaveURL(/\/dashboard$/);

  const adminCtx = await browser.newContext({ storageState: storageStateFor("ADMIN") });
  const admin = await adminCtx.newPage();
  await admin.goto("/admin/users");
  const row = admin.getByRole("row").filter({ hasText: disabled.name });
  admin.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "Disable" }).click();
  await expect(row.getByTestId("form-ok")).toHaveText("Account disabled. Its sessions have ended.");

  await userPage.goto("/patients");
  await expect(userPage).toHaveURL(/\/login(\?|$)/);

  await admin.goto("/admin/audit");
  await expect(admin.getByTestId("audit-table")).toContainText("user.disable");
  await admin.getByRole("button", { name: "Verify hash chain" }).click();
  await expect(admin.getByTestId("chain-status")).toContainText("Hash chain intact");
  await userCtx.close();
  await adminCtx.close();
});

test("the production build's server actions are exactly those in the authorization table", async () => {
  const { readFileSync } = await import("node:fs");
  const { EXPECTED } = await import("../tests/authorization-table");
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as { node: Record<string, { exportedName?: string }> };
  const built = [
    ...new Set(
      Object.values(manifest.node)
        .map((e) => e.exportedName)
        .filter((n): n is string => !!n),
    ),
  ].sort();
  expect(built).toEqual(Object.keys(EXPECTED).sort());
});

test.describe("as an administrator", () => {
  test.use({ storageState: storageStateFor("ADMIN") });

  test("sending its own id in upper case to the role action is refused, and nothing changes", async ({ page }) => {
    const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    const { rows } = await db.query("SELECT id, role FROM users WHERE email = $1", [LOGINS.ADMIN.email]);
    await page.goto("/admin/users");
    // Another account's role form (this spec's own, so a slip can never reach a demo login), its id swapped.
    const form = page.getByRole("combobox", { name: `Role for ${tampered.name}` }).locator("xpath=ancestor::form");
    const userId = form.locator('input[name="userId"]');
    await hydrated(userId);
    await userId.evaluate((el, id) => ((el as HTMLInputElement).value = id), String(rows[0].id).toUpperCase());
    await form.getByRole("combobox").selectOption("DERMATOLOGIST");
    page.once("dialog", (dialog) => void dialog.accept());
    await form.getByRole("button", { name: "Change role" }).click();
    await expect(page.getByText("You cannot change your own role, disable your own account or reset your own credentials here. Use My account.")).toBeVisible();
    const after = await db.query("SELECT id, role FROM users WHERE id = ANY($1::uuid[]) ORDER BY email", [[rows[0].id, tampered.id]]);
    await db.end();
    expect(Object.fromEntries(after.rows.map((r) => [r.id, r.role]))).toEqual({ [rows[0].id]: "ADMIN", [tampered.id]: "STAFF" });
  });

  test("the audit trail of a patient with a positive pregnancy test shows no clinical value", async ({ page }) => {
    // This spec's own patient, whose lab entry's audit row holds a positive pregnancy test.
    const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    const { rows } = await db.query("SELECT changes FROM audit_events WHERE action = 'lab.record' AND patient_id = $1", [positive.id]);
    await db.end();
    expect(rows.map((r) => r.changes.results.map((x: { value: string }) => x.value))).toEqual([["POSITIVE"]]);
    await page.goto("/admin/audit");
    await page.getByRole("searchbox", { name: "Patient" }).fill(positive.id);
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/\/admin\/audit\?search=[0-9a-f-]{36}$/);
    // A lab record reads under the lab records' neutral label (a review or a repeat would otherwise name itself).
    await expect(page.getByTestId("audit-table")).toContainText("Lab record changed");
    await expect(page.getByTestId("audit-table")).not.toContainText("lab.record");
    const table = page.getByTestId("audit-table");
    await expect(table).toBeVisible();
    await expect(page.locator("main")).not.toContainText(/POSITIVE|NEGATIVE/);
  });
});
