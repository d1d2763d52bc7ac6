#!/usr/bin/env bash
# Runs every test of the solution against a throwaway PostgreSQL, then prints "N passed, N failed".
# Installs the OpenAPI linter first (npm ci in tools/openapi-lint; node >= 20.19 and the npm registry or its cache).
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
