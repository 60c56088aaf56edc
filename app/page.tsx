import { redirect } from "next/navigation";
import { homePathFor } from "@/lib/auth/permissions";
import { requireSignedIn } from "@/lib/auth/session";

export default async function Home() {
  const user = await requireSignedIn();
  redirect(homePathFor(user.role));
}
