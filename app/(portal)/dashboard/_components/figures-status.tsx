import { FiguresAsOf } from "@/components/figures-as-of";
import { getDerivedDataAsOf } from "@/lib/data/daily-refresh";

/** "Figures as of …" when today's background refresh has not completed yet; nothing otherwise. */
export async function FiguresStatus({ today }: { today: string }) {
  return <FiguresAsOf today={today} {...await getDerivedDataAsOf()} />;
}
