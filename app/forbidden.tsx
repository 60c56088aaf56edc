import Link from "@/components/link";

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-lg px-4 py-16 text-center">
      <h1 className="text-xl font-semibold">Not available for your role</h1>
      <p className="mt-2 text-slate-600">Your account does not have access to this page. Ask an administrator if you need it.</p>
      <Link href="/" className="btn-secondary mt-6">
        Go to your home page
      </Link>
    </main>
  );
}
