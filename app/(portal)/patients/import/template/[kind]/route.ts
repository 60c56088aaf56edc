import { can } from "@/lib/auth/permissions";
import { getCurrentUser, recordRouteDenied } from "@/lib/auth/session";
import { toSafeCsv } from "@/lib/csv";
import { columnNames, isImportKind, TEMPLATES } from "@/lib/import/templates";

/** A template: the header and one example row (made up), as CSV UTF-8. */
export async function GET(_request: Request, { params }: { params: Promise<{ kind: string }> }) {
  const user = await getCurrentUser();
  if (!user) return new Response("Sign in first.", { status: 401 });
  const { kind } = await params;
  if (!isImportKind(kind)) return new Response("No such template.", { status: 404 });
  if (!can(user.role, TEMPLATES[kind].permission)) {
    await recordRouteDenied(user, TEMPLATES[kind].permission);
    return new Response("Not available for your role.", { status: 403 });
  }
  const columns = columnNames(kind);
  const body = toSafeCsv(columns, [columns.map((c) => TEMPLATES[kind].example[c] ?? "")]);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${kind}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
