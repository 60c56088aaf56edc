import Link from "@/components/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-lg px-4 py-16 text-center">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="mt-2 text-slate-600">There is nothing at this address, or it is no longer available.</p>
      <Link href="/" className="btn-secondary mt-6">
        Go to your home page
      </Link>
    </main>
  );
}
