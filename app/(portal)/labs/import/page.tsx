import type { Metadata } from "next";
import Link from "@/components/link";
import { requirePagePermission } from "@/lib/auth/session";
import { UploadHl7Form } from "./upload-form";

export const metadata: Metadata = { title: "Import lab results" };

/** Nurses and dermatologists upload a laboratory's results file (HL7 v2 ORU^R01 messages), told in the words of the clinic. */
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
      <div className="max-w-3xl space-y-2 text-sm text-slate-600">
        <p>
          Upload the results file your laboratory sent. Each result is added to the chart of the patient with the MRN and date of birth it names. A result whose
          patient is not found, is found twice, or has another date of birth is not added: it waits under{" "}
          <Link href="/labs/queue" className="text-brand-700 underline">
            Unfiled lab results
          </Link>
          , where you attach it to the right patient or dismiss it.
        </p>
        <p>
          Uploading the same file again changes nothing. If part of the file cannot be read, that part is not imported, and the answer says where the problem
          is.
        </p>
        <p className="text-xs text-slate-500">For your IT team: HL7 v2 (2.3 to 2.5.1) ORU^R01 result messages, as the laboratory sent them.</p>
      </div>
      <UploadHl7Form />
    </div>
  );
}
