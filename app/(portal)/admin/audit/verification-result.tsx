import { formatInstant } from "@/lib/clinic-time";
import { VERIFICATION_SHOWN_MINUTES, type ChainReport } from "@/lib/data/audit-verify";
import { formatCount } from "@/lib/format";
import { VerificationFocus } from "./verify-focus";

/**
 * The result of the verification this administrator ran from the page's button (a POST), as the address
 * carries it sealed: the verdict and when it was reached. A result that is too old, another
 * administrator's or altered is not shown; the button runs a new verification. Once that button asked for it, the
 * result takes the focus, and is read out (VerificationFocus).
 */
export function VerificationResult({ shown, stale }: { shown: { report: ChainReport; verifiedAt: Date } | null; stale: boolean }) {
  if (!shown) {
    return stale ? (
      <VerificationFocus stamp="stale">
        <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700" role="status" tabIndex={-1} data-testid="chain-status-stale">
          A verification&apos;s result is shown for {VERIFICATION_SHOWN_MINUTES} minutes, to the administrator who ran it. Verify the hash chain again.
        </p>
      </VerificationFocus>
    ) : null;
  }
  return (
    <VerificationFocus stamp={shown.verifiedAt.toISOString()}>
      <div className="space-y-1">
        <ChainStatus chain={shown.report} />
        <p className="text-xs text-slate-600">
          Verified at <time dateTime={shown.verifiedAt.toISOString()}>{formatInstant(shown.verifiedAt)}</time>; verify again to check the trail as it is now.
        </p>
      </div>
    </VerificationFocus>
  );
}

/** The verification's verdict: the first altered event, a removed tail, or an intact chain. */
function ChainStatus({ chain }: { chain: ChainReport }) {
  const problems = [
    chain.brokenAt ? `The chain is broken at event ${chain.brokenAt}: the trail has been altered.` : null,
    chain.truncated
      ? `The newest events have been removed: a checkpoint records event ${chain.truncated.checkpointId}, ` +
        `but the trail ends at event ${chain.truncated.headId}.`
      : null,
    chain.badCheckpoints
      ? `${formatCount(chain.badCheckpoints, "checkpoint")} ${chain.badCheckpoints === 1 ? "fails its" : "fail their"} signature: the checkpoint file has been altered.`
      : null,
  ].filter((p): p is string => p !== null);
  return (
    <p
      className={`rounded-md px-3 py-2 text-sm ${problems.length ? "bg-red-50 text-red-800" : "bg-green-50 text-green-800"}`}
      role="status"
      tabIndex={-1}
      data-testid="chain-status"
    >
      {problems.length ? problems.join(" ") : `Hash chain intact over ${formatCount(chain.checked, "event")}, and it reaches the latest checkpoint.`}
    </p>
  );
}
