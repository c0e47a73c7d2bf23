#!/usr/bin/env bash
# The local Athena stand-in of the tests (test/support/athena-server.ts) turns
# Trino SQL into DuckDB's with Debian's python3-sqlglot. Install it when missing
# and we are allowed to.
set -euo pipefail
if /usr/bin/python3 -c "import sqlglot" 2>/dev/null; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing python3-sqlglot from Debian for the Athena tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-sqlglot >/dev/null
  exit 0
fi
echo "sqlglot not found for /usr/bin/python3. Install it (sudo apt-get install python3-sqlglot)." >&2
exit 1
