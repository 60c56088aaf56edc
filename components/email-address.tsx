import { Fragment } from "react";

/**
 * An email address as lists and cards show it. When it does not fit, it breaks before its "@"
 * ("hannah.johnson" / "@example.test"), never inside the name or the domain: a part wider than the column
 * alone is cut short with "…" instead. The whole address stays its text (read out, copied) and its title
 * (shown on pointing at it), and nothing reaches past the column.
 */
export function EmailAddress({ email, none }: { email: string | null; none: string }) {
  if (!email) return <>{none}</>;
  const at = email.lastIndexOf("@");
  const parts = at > 0 ? [email.slice(0, at), email.slice(at)] : [email];
  return (
    <span title={email}>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 ? <wbr /> : null}
          <span className="inline-block max-w-full truncate align-top">{part}</span>
        </Fragment>
      ))}
    </span>
  );
}
