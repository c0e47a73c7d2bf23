import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // DuckDB ships a native addon: Next must load it from node_modules, not bundle it.
  serverExternalPackages: ["@duckdb/node-api", "@duckdb/node-bindings"],
  poweredByHeader: false,
  // forbidden(): a page a role may not open answers 403 (app/forbidden.tsx), not 200.
  experimental: { authInterrupts: true },
  // Pages and API answers get theirs from proxy.ts; these cover the build's static files.
  async headers() {
    return [
      {
        source: "/_next/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
