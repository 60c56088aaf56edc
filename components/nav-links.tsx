"use client";

import Link from "@/components/link";
import { usePathname } from "next/navigation";

export function NavLinks({ items }: { items: { href: string; label: string }[] }) {
  const pathname = usePathname();
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Main">
      {items.map((item) => {
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              className={`block rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap ${active ? "bg-brand-700 text-white" : "text-brand-50 hover:bg-brand-700/60"}`}
            >
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
