import type { Metadata } from "next";
import "./globals.css";

/** Every page is rendered per request: its scripts carry the nonce of its Content-Security-Policy (proxy.ts). */
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Isotrack", template: "%s · Isotrack" },
  description: "Isotretinoin course, cumulative dose and monitoring portal",
  robots: { index: false, follow: false },
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
