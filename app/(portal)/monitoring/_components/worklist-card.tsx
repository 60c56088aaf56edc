"use client";

// A client component, so that a page of 25 sends each patient as data (props) rather than as a rendered
// tree, and the server renders the markup once (HTML) instead of twice (the RSC tree, then HTML): see
// README, "Performance". What only the server may compute (times in the clinic's zone) arrives already
// formatted.
import Link from "@/components/link";
import { ITEM_STATUS_STYLE } from "@/components/badge-styles";
import { EmailAddress } from "@/components/email-address";
import { LazyDetails } from "@/components/lazy-details";
import { PhoneNumber } from "@/components/phone-number";
import type { WorklistPatient } from "@/lib/data/worklist";
import { overdueDays } from "@/lib/domain/monitoring/items";
import { formatCount, formatDate } from "@/lib/format";
import { doNotContactList, ITEM_STATUS_LABELS } from "@/lib/labels";
import { BULK_FORM_ID } from "./bulk-reminders";
import { ContactForm } from "./contact-form";
import { OutreachForm } from "./outreach-form";
import { OutreachHistory, type OutreachShown } from "./outreach-history";
import { ReminderButtons } from "./reminder-buttons";
import { WORKLIST_GRID } from "./worklist-grid";

function Cell({ label, children, className = "", testId }: { label: string; children: React.ReactNode; className?: string; testId?: string }) {
  return (
    <div className={`flex gap-2 md:block ${className}`} data-testid={testId}>
      <span className="w-28 shrink-0 text-xs font-medium text-slate-500 md:hidden">{label}</span>
      <div className="min-w-0">{children}</div>
    </div>
  );
}

/** A card's section heading, naming its patient for a screen reader ("Log outreach for Doe, Jane"): every card has one. */
function ForPatient({ text, name }: { text: string; name: string }) {
  return (
    <>
      {text}
      <span className="sr-only"> for {name}</span>
    </>
  );
}

/**
 * One patient on the worklist: who, how to reach them, their open items, and what was done so far.
 * `lastContact` and each entry's `when` are formatted by the server, in the clinic's time zone.
 */
export function WorklistCard({
  p,
  lastContact,
  history,
  canEditContact,
}: {
  p: WorklistPatient;
  lastContact: string;
  history: OutreachShown[];
  canEditContact: boolean;
}) {
  const dnc = doNotContactList(p);
  return (
    <li className="card space-y-3 p-3" data-testid="worklist-patient" data-patient-id={p.patientId}>
      <div className={`space-y-1 ${WORKLIST_GRID}`}>
        <div>
          <label className="flex items-center gap-2">
            <input type="checkbox" name="patientId" value={p.patientId} form={BULK_FORM_ID} aria-label={`Select ${p.patientName}`} />
            <span className="text-xs text-slate-500 md:hidden">Select for reminders</span>
          </label>
        </div>
        <Cell label="Patient">
          <Link href={`/patients/${p.patientId}`} className="font-medium break-words text-brand-700 hover:underline">
            {p.patientName}
          </Link>
        </Cell>
        <Cell label="MRN">
          <span className="font-mono text-xs break-all">{p.mrn}</span>
        </Cell>
        <Cell label="Contact" className="text-sm">
          <div className="break-words" data-testid="phone">
            <PhoneNumber shown={p.phoneShown} none="No phone" />
          </div>
          <div className="text-slate-500" data-testid="email">
            <EmailAddress email={p.email} none="No email" />
          </div>
          {dnc.length ? (
            <div className="mt-1 flex flex-wrap gap-1" data-testid="do-not-contact">
              {dnc.map((d) => (
                <span key={d} className="badge bg-amber-100 text-amber-900">
                  {d}
                </span>
              ))}
            </div>
          ) : null}
        </Cell>
        <Cell label="Open items">
          <ul className="space-y-1 text-sm" data-testid="open-items">
            {p.items.map((i) => (
              <li key={i.itemKey}>
                <span className="break-words">{i.label}</span> <span className={`badge ${ITEM_STATUS_STYLE[i.status]}`}>{ITEM_STATUS_LABELS[i.status]}</span>
                <div className="text-xs text-slate-500">
                  Due {formatDate(i.dueDate)}
                  {overdueDays(i) > 0 ? <span className="text-red-700"> · {formatCount(overdueDays(i), "day")} overdue</span> : null}
                </div>
              </li>
            ))}
          </ul>
        </Cell>
        <Cell label="Earliest due" className="text-sm">
          {formatDate(p.firstDue)}
          {p.daysSinceFirstDue > 0 ? <div className="text-xs text-red-700">{formatCount(p.daysSinceFirstDue, "day")} ago</div> : null}
        </Cell>
        <Cell label="Clinician" className="text-sm">
          {p.clinician}
        </Cell>
        <Cell label="Last contact" className="text-sm" testId="last-contact">
          {lastContact}
        </Cell>
      </div>
      <div className="grid gap-3 border-t border-slate-100 pt-3 lg:grid-cols-2">
        <section aria-label={`Reminders for ${p.patientName}`}>
          <h3 className="mb-1 text-xs font-semibold text-slate-600 uppercase">Reminder</h3>
          <ReminderButtons patientId={p.patientId} patientName={p.patientName} blocked={p.reminderBlocked} />
        </section>
        <LazyDetails formOnly summary={<ForPatient text="Log outreach" name={p.patientName} />} bodyClassName="mt-2">
          <OutreachForm patientId={p.patientId} patientName={p.patientName} items={[...p.items, ...p.otherOpenItems]} doNotCall={p.doNotCall} />
        </LazyDetails>
        <LazyDetails summary={<ForPatient text={`Outreach history (${history.length})`} name={p.patientName} />} bodyClassName="mt-2 space-y-3">
          <OutreachHistory entries={history} />
        </LazyDetails>
        {canEditContact ? (
          <LazyDetails formOnly summary={<ForPatient text="Contact preferences" name={p.patientName} />} bodyClassName="mt-2">
            <ContactForm patientId={p.patientId} patientName={p.patientName} version={p.version} values={p} />
          </LazyDetails>
        ) : null}
      </div>
    </li>
  );
}
