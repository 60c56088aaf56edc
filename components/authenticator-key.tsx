/** The QR code an authenticator app scans, and the same key as text for typing in. */
export function AuthenticatorKey({ qr, secret }: { qr: string; secret: string }) {
  return (
    <div className="space-y-2">
      {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL drawn on the server */}
      <img src={qr} alt="QR code for your authenticator app" width={180} height={180} className="mx-auto" />
      <p className="text-center font-mono text-xs break-all" data-testid="totp-key">
        {secret}
      </p>
    </div>
  );
}
