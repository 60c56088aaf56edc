"use client";

import { useEffect } from "react";

/**
 * What a section shows when its page fails unexpectedly: a plain message and a retry, never the error's
 * text (which could name a record). The digest lets the server log be found.
 */
export function SectionError({ error, reset, what }: { error: Error & { digest?: string }; reset: () => void; what: string }) {
  useEffect(() => {
    document.title = `Error · Isotrack`;
  }, []);
  return (
    <div className="card space-y-3" role="alert">
      <h1 className="text-lg font-semibold">The {what} could not be shown</h1>
      <p className="text-slate-700">Nothing was changed. Try again; if it keeps failing, give this reference to your administrator.</p>
      {error.digest ? <p className="font-mono text-xs text-slate-500">Reference {error.digest}</p> : null}
      <button type="button" className="btn-primary" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
