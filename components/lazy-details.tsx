"use client";

import { useEffect, useRef, useState } from "react";

/**
 * A <details> whose content is rendered the first time it is opened, and kept from then on: a list of
 * many rows, each with forms behind a summary, sends and renders only the summaries. Opened before the
 * page was interactive, it renders its content as soon as it is.
 */
export function LazyDetails({ summary, children }: { summary: React.ReactNode; children: React.ReactNode }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const [opened, setOpened] = useState(false);
  useEffect(() => {
    if (ref.current?.open) setOpened(true);
  }, []);
  return (
    <details ref={ref} onToggle={(e) => e.currentTarget.open && setOpened(true)}>
      <summary className="cursor-pointer text-sm font-medium text-brand-700">{summary}</summary>
      {opened ? <div className="mt-2 space-y-3">{children}</div> : null}
    </details>
  );
}
