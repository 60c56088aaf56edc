import type { Metadata } from "next";
import Link from "next/link";
import { requirePagePermission } from "@/lib/auth/session";
import { UploadHl7Form } from "./upload-form";

export const metadata: Metadata = { title: "Import lab results" };

/** Nurses and dermatologists upload HL7 v2 result files from a laboratory. */
export default async function ImportLabResultsPage() {
  await requirePagePermission("labs.write");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Import lab results</h1>
        <Link href="/labs/queue" className="text-sm underline">
          Results waiting for review
        </Link>
      </div>
      <p className="max-w-3xl text-sm text-slate-600">
        Upload a file of HL7 v2 (2.3 to 2.5.1) ORU^R01 result messages as the laboratory sent them. Each message is matched to a patient by MRN and date of
        birth; a result that matches no patient, or more than one, or whose date of birth differs, waits in the review queue and is never attached on its own. A
        message imported before (same sender and control id) changes nothing. A malformed message is refused with the segment named, and nothing of it is
        imported.
      </p>
      <UploadHl7Form />
    </div>
  );
}
