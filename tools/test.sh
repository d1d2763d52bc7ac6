#!/usr/bin/env bash
# Runs every test of the solution against a throwaway PostgreSQL, then prints "N passed, N failed".
# Installs the OpenAPI linter first (npm ci in tools/openapi-lint; node >= 20.19 and the npm registry or its cache),
# and the portal's front-end packages (npm ci in src/RegionalGoodWork.Portal: GOV.UK Frontend, axe-core).
# The browser tests (tests/RegionalGoodWork.PortalTests) need Debian's chromium at /usr/bin/chromium: without it they
# fail, never skip (with RGW_PG_INSTALL=1 and root, as in CI, this script installs it).
#   tools/test.sh [extra dotnet test args, e.g. --filter FullyQualifiedName~Spine]
# Environment: RGW_TEST_PG_PORT (default 55433), RGW_PG_INSTALL=1 to allow installing Debian's postgresql
# package when absent (the CI sets it), RGW_TEST_KEEP_PG=1 to leave the server running afterwards.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

port=${RGW_TEST_PG_PORT:-55433}
pgdir=$(mktemp -d /tmp/rgw-test-pg.XXXXXX)
results=$(mktemp -d /tmp/rgw-test-results.XXXXXX)
chmod 755 "$pgdir"

cleanup() {
  [ "${RGW_TEST_KEEP_PG:-0}" = 1 ] || { "$root/tools/pg.sh" stop "$pgdir" >/dev/null 2>&1; rm -rf "$pgdir"; }
}
trap cleanup EXIT

echo "== starting a throwaway PostgreSQL on 127.0.0.1:$port ($pgdir)"
cs=$(RGW_PG_FSYNC=off "$root/tools/pg.sh" start "$pgdir" "$port") || { echo "could not start PostgreSQL"; echo "0 passed, 1 failed"; exit 1; }
export RGW_TEST_POSTGRES="$cs"

echo "== installing the OpenAPI linter (tools/openapi-lint, pinned by its package-lock.json)"
# OpenApiTests run it; without it they fail, they never skip.
if ! (cd "$root/tools/openapi-lint" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error); then
  echo "npm ci in tools/openapi-lint failed (node >= 20.19 and npm needed): the OpenAPI lint test will fail"
fi

echo "== installing the portal's front-end packages (src/RegionalGoodWork.Portal, pinned by its package-lock.json)"
if ! (cd "$root/src/RegionalGoodWork.Portal" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error); then
  echo "npm ci in src/RegionalGoodWork.Portal failed (node >= 20.19 and npm needed): the build will fail"
fi

if [ ! -x /usr/bin/chromium ] && [ "${RGW_PG_INSTALL:-0}" = 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "== installing Debian's chromium for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq; apt-get install -y -qq chromium >/dev/null; }
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "/usr/bin/chromium is missing (apt-get install -y chromium): the browser tests (RegionalGoodWork.PortalTests) will FAIL"
fi

echo "== building"
if ! dotnet build RegionalGoodWork.sln -c Release -nologo -clp:ErrorsOnly; then
  echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi

echo "== testing"
dotnet test RegionalGoodWork.sln -c Release --no-build --nologo \
  --logger "trx" --results-directory "$results" "$@"
status=$?

# dotnet test prints no single total: count outcomes from the TRX files.
read -r passed failed < <(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
p = f = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
    c = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    if c is not None:
        p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
print(p, f)
PY
)
rm -rf "$results"
if [ "$status" -ne 0 ] && [ "${failed:-0}" = 0 ]; then failed=1; fi   # a crashed test host counts as a failure
echo "${passed:-0} passed, ${failed:-0} failed"
[ "${failed:-0}" = 0 ]
