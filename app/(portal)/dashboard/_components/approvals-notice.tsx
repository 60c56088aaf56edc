import Link from "@/components/link";
import { countAccountsAwaitingSetup } from "@/lib/data/account-approvals";
import { countTokensAwaitingApproval } from "@/lib/data/token-approvals";
import type { Viewer } from "@/lib/data/viewer";
import { formatCount } from "@/lib/format";

/** What waits for a dermatologist under Approvals (accounts' setup links, system tokens); nothing when none does. */
export async function ApprovalsNotice({ viewer }: { viewer: Viewer }) {
  const [accounts, tokens] = await Promise.all([countAccountsAwaitingSetup(viewer), countTokensAwaitingApproval(viewer)]);
  if (accounts + tokens === 0) return null;
  const waiting = [accounts ? `${formatCount(accounts, "account")} for a setup link` : "", tokens ? `${formatCount(tokens, "system token")} for approval` : ""]
    .filter(Boolean)
    .join(" and ");
  return (
    <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="approvals-notice">
      Waiting under Approvals: {waiting}.{" "}
      <Link href="/approvals" className="font-medium underline">
        Review them
      </Link>
    </p>
  );
}
