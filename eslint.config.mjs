import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/** Links are never prefetched: components/link.tsx says why. */
const NEXT_LINK = {
  name: "next/link",
  message: "Use @/components/link: the same link, never prefetched (each prefetch renders a page's layout on the server).",
};

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: ["lib/generated/**", ".next/**", ".data/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "**/*.tmp.*"] },
  {
    rules: {
      // Raw SQL only through tagged templates ($queryRaw`...`), which parameterize every value.
      "no-restricted-properties": [
        "error",
        { property: "$queryRawUnsafe", message: "Use $queryRaw`...` so values are parameterized." },
        { property: "$executeRawUnsafe", message: "Use $executeRaw`...` so values are parameterized." },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": ["error", { paths: [NEXT_LINK] }],
    },
  },
  // The one place that wraps next/link.
  { files: ["components/link.tsx"], rules: { "no-restricted-imports": "off" } },
  {
    // The data layer knows nothing of Next or of forms: it throws AppError (lib/errors.ts), and the action
    // client turns that into the form's answer.
    files: ["lib/data/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [{ group: ["next", "next/*"], message: "lib/data is free of Next; throw AppError and let the action client answer." }],
          paths: [{ name: "@/lib/validation/action-result", message: "lib/data throws AppError (lib/errors.ts); answers belong to the action client." }],
        },
      ],
    },
  },
  {
    // Routes query nothing themselves: they call lib/data, where each read and write checks and audits.
    files: ["app/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "@/lib/db", message: "Routes do not query the database: call a lib/data function (which checks and audits)." }, NEXT_LINK] },
      ],
    },
  },
  {
    // The audit test proves TRUNCATE is refused; it needs a raw statement with no values.
    files: ["tests/integration/audit.test.ts"],
    rules: { "no-restricted-properties": "off" },
  },
];

export default config;
