import Link from "@/components/link";
import { NavLinks } from "@/components/nav-links";
import { navFor, ROLE_LABELS } from "@/lib/auth/permissions";
import { headers } from "next/headers";
import { PATH_HEADER } from "@/lib/auth/next-path";
import { notFound } from "next/navigation";
import { importBatchInPath, pagePermission, patientInPath } from "@/lib/auth/page-permissions";
import { requirePagePermission, requireSignedIn } from "@/lib/auth/session";
import { CLINIC_NAME } from "@/lib/clinic";
import { countHl7Queue } from "@/lib/data/hl7-queue";
import { isOwnImportBatch } from "@/lib/data/import-batches";
import { getPatient } from "@/lib/data/patients";
import { logout } from "./actions";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const user = await requireSignedIn();
  // Before any section's loading skeleton streams: a refused page answers 403, not a 200 (see the table).
  const path = (await headers()).get(PATH_HEADER) ?? "";
  const permission = pagePermission(path);
  if (permission) await requirePagePermission(permission);
  // Likewise a patient that does not exist answers 404 (the page reads the same row, once per request), and
  // an import batch the user did not upload. Imported lab results waiting for review are counted beside their link.
  const patientId = patientInPath(path);
  const batchId = importBatchInPath(path);
  const [patient, ownBatch, waiting] = await Promise.all([
    patientId ? getPatient(user, patientId) : null,
    batchId ? isOwnImportBatch(user, batchId) : null,
    countHl7Queue(user),
  ]);
  if (patientId === "" || (patientId !== null && !patient)) notFound();
  if (batchId === "" || (batchId !== null && !ownBatch)) notFound();
  const items = navFor(user.role).map(({ href, label }) => ({ href, label: href === "/labs/queue" && waiting > 0 ? `${label} (${waiting})` : label }));
  return (
    <div className="min-h-screen">
      <a href="#main" data-print="hide" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
        Skip to content
      </a>
      <header className="bg-brand-800 text-white" data-print="hide">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-3">
          <Link href="/" className="text-lg font-semibold">
            Isotrack <span className="text-sm font-normal text-brand-100">· {CLINIC_NAME}</span>
          </Link>
          {/* Below md the links take a row of their own under the name and the sign-out button. */}
          <nav className="order-last w-full md:order-none md:w-auto md:flex-1" aria-label="Main navigation">
            <NavLinks items={items} />
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm md:ml-0">
            {/* The way to My account (password, two-step sign-in, sessions): every role has it. */}
            <Link href="/account" className="rounded-md px-1 hover:underline" title="My account" data-testid="current-user">
              {user.name} <span className="text-brand-100">({ROLE_LABELS[user.role]})</span>
            </Link>
            <form action={logout}>
              <button type="submit" className="btn border border-brand-100/40 text-white hover:bg-brand-700">
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        {children}
      </main>
    </div>
  );
}
