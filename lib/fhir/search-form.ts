/** A search's parameters from a POST body; small, form-encoded, merged after any in the URL. */
export const MAX_SEARCH_BODY_BYTES = 16 * 1024;

export async function readSearchForm(request: Request): Promise<{ ok: true; params: URLSearchParams } | { ok: false; status: number; message: string }> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded")
    return { ok: false, status: 415, message: "Send the search parameters as application/x-www-form-urlencoded." };
  const body = new Uint8Array(await request.arrayBuffer());
  if (body.length > MAX_SEARCH_BODY_BYTES) return { ok: false, status: 413, message: `The search body is larger than ${MAX_SEARCH_BODY_BYTES / 1024} KB.` };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    return { ok: false, status: 400, message: "The search body is not UTF-8 text." };
  }
  const params = new URLSearchParams(new URL(request.url).searchParams);
  for (const [name, value] of new URLSearchParams(text)) params.append(name, value);
  return { ok: true, params };
}
