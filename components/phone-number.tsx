import type { PhoneShown } from "@/lib/phone";

/**
 * A patient's phone number as a list shows it (lib/phone.ts showPhone, read by the server): a number that
 * is not a valid one, kept from before numbers were checked, appears exactly as stored with a flag, so
 * staff correct it rather than dial or text it. Renders only: it reads no data and parses no number.
 */
export function PhoneNumber({ shown, none = "—" }: { shown: PhoneShown | null; none?: string }) {
  if (!shown) return <>{none}</>;
  return (
    <>
      <span className="break-words">{shown.text}</span>
      {shown.needsCheck ? (
        <>
          {" "}
          <span className="badge bg-amber-100 text-amber-900" data-testid="phone-check">
            Check this number
          </span>
        </>
      ) : null}
    </>
  );
}
