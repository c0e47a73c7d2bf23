import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // DuckDB ships a native addon: Next must load it from node_modules, not bundle it.
  serverExternalPackages: ["@duckdb/node-api", "@duckdb/node-bindings"],
  poweredByHeader: false,
};

export default nextConfig;
