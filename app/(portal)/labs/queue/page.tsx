import type { Metadata } from "next";
import { createHash } from "node:crypto";
import Link from "@/components/link";
import { LeftAnswers } from "@/components/left-answer";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { attachedTogetherKey, listHl7Queue } from "@/lib/data/hl7-queue";
import { formatCount } from "@/lib/format";
import { FiledList } from "@/components/filed-list";
import { MessageGroup, type QueueRow } from "./message-group";

export const metadata: Metadata = { title: "Unfiled lab results" };

/**
 * The waiting results by the patient their message names (one message may name several), in the list's
 * order (critical first, then oldest): a message's results for one patient are attached together.
 */
function groupByPatientOfMessage(rows: QueueRow[]): QueueRow[][] {
  const groups = new Map<string, QueueRow[]>();
  for (const r of rows) {
    const key = attachedTogetherKey(r);
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.values()];
}

/**
 * A message's group's key, the same while any of its results waits (the list keeps an answer's place by it),
 * and naming no patient: the page's data carries it.
 */
const groupKey = (r: QueueRow) => createHash("sha256").update(attachedTogetherKey(r)).digest("hex").slice(0, 24);

/**
 * Imported results that were not recorded: no patient, more than one, a date of birth that differs, a
 * value the portal could not take, or a status that is not final (a correction that matches no single
 * result, a retracted, preliminary or otherwise not final result). A nurse or dermatologist attaches
 * each to the patient they have checked (a message's results for one patient together), or dismisses it
 * with a reason. A pregnancy test that is not a plain final negative is critical, listed first, and dismissed
 * only by a dermatologist; a value at a critical level of the clinic's thresholds (or, sent without its unit,
 * at one in a unit it could be in) is listed first too, saying which value and level.
 */
export default async function LabQueuePage() {
  const user = await requirePagePermission("labs.write");
  const { rows, total } = await listHl7Queue(user);
  const decides = can(user.role, "pregnancy.decide");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Unfiled lab results</h1>
        <Link href="/labs/import" className="text-sm underline">
          Import lab results
        </Link>
      </div>
      <p className="max-w-3xl text-sm text-slate-600">
        Results the laboratory sent that were not added to a chart: the patient could not be matched, the value could not be taken, or the result is a
        correction, a retraction or not final. Check the patient the result names, then attach it by the patient&apos;s MRN and date of birth, or dismiss it
        with a reason. An attached result is flagged and counted like any other; a retraction is dismissed once the result it names is voided on the
        patient&apos;s chart. A pregnancy test other than a final negative is critical: only a dermatologist can dismiss it. A value at a critical level of the
        clinic&apos;s thresholds is listed first too, and one sent without its unit that would be critical in a unit it could be in is marked &ldquo;may be
        critical&rdquo;. A pregnancy test the laboratory sent without a collection date is attached with that date, and a number sent without its unit with that
        unit, each taken from the laboratory&apos;s report.
      </p>
      <p className="text-sm font-medium text-slate-700" data-testid="lab-queue-count">
        {total === 0 ? "Nothing waiting" : `${formatCount(total, "result")} waiting`}
      </p>
      {/* An entry attached or dismissed leaves the list: its answer stays where it was (FiledList). */}
      <LeftAnswers>
        {rows.length === 0 ? <p className="card text-slate-600">No results are waiting for review.</p> : null}
        <FiledList
          className="space-y-3"
          testId="lab-queue"
          items={groupByPatientOfMessage(rows).map((group) => ({
            key: groupKey(group[0]!),
            ids: group.map((r) => r.id),
            node: <MessageGroup group={group} decides={decides} />,
          }))}
        />
      </LeftAnswers>
      {total > rows.length ? (
        <p className="text-sm text-slate-600">
          {rows.length} of {total} are shown: the critical ones first, then the oldest.
        </p>
      ) : null}
    </div>
  );
}
