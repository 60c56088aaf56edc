"use client";

import { openNamedDetails } from "@/components/lazy-details";
import Link from "@/components/link";

/**
 * A link to a form panel of the patient's page (course-anchors.ts): from another page the panel opens on
 * arrival; from the page itself, where the address's anchor changes without a hashchange, on the click.
 * Either way it is scrolled into view with its heading focused.
 */
export function FormLink({ href, className, children }: { href: string; className?: string; children: React.ReactNode }) {
  return (
    <Link href={href} className={className} onClick={() => openNamedDetails(href)}>
      {children}
    </Link>
  );
}
