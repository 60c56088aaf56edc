"use client";

import { useEffect, useRef, useState } from "react";

/**
 * A <details> whose content is rendered the first time it is opened, and kept from then on (with any
 * form state inside it): a page of many rows, each with forms behind a summary, sends and renders only
 * the summaries. Opened before the page was interactive, it renders its content as soon as it is.
 */
export function LazyDetails({
  summary,
  children,
  className,
  summaryClassName = "cursor-pointer text-sm font-medium text-brand-700",
  bodyClassName,
  testId,
  formOnly = false,
}: {
  summary: React.ReactNode;
  children: React.ReactNode;
  className?: string;
  summaryClassName?: string;
  /** A wrapper around the content; without it the content is placed as it is. */
  bodyClassName?: string;
  testId?: string;
  /** Its content is a form: left off the printed page (globals.css), as a collapsed form panel is. */
  formOnly?: boolean;
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  const [opened, setOpened] = useState(false);
  useEffect(() => {
    if (ref.current?.open) setOpened(true);
  }, []);
  const body = bodyClassName ? <div className={bodyClassName}>{children}</div> : children;
  return (
    <details
      ref={ref}
      className={className}
      data-testid={testId}
      data-print={formOnly ? "hide" : undefined}
      onToggle={(e) => e.currentTarget.open && setOpened(true)}
    >
      <summary className={summaryClassName}>{summary}</summary>
      {opened ? body : null}
    </details>
  );
}
