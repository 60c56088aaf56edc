import { CLINIC_NAME } from "@/lib/clinic";

/** The frame of the pages seen before sign-in completes: the product, the clinic, one card. */
export function AuthShell({ title, children, footer }: { title: string; children: React.ReactNode; footer?: React.ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <p className="text-2xl font-semibold text-brand-700">Isotrack</p>
          <p className="text-sm text-slate-600">{CLINIC_NAME}</p>
        </div>
        <div className="card space-y-3">
          <h1 className="text-lg font-semibold">{title}</h1>
          {children}
        </div>
        {footer}
      </div>
    </main>
  );
}
