#!/usr/bin/env bash
# Runs the benchmarks against a throwaway PostgreSQL, each with its baseline measured in the same run:
#   tools/bench/run.sh indicators [employers=100000] [councils]
#                                                      region indicators: incremental grains vs SQL aggregation (Greater
#                                                      Manchester's 10 councils; with a council count an England-size region)
#   tools/bench/run.sh england [employers=1000000] [councils=300]
#                                                      the same at England's size (issue 15: p50 <= 1 ms over HTTP, >= 100x SQL)
#   tools/bench/run.sh evidence [seconds=10]           evidence submissions/s vs pgbench -N TPS at two locker depths; storage
#                                                      writes per submission for k = 1,2,4,8 charters
#   tools/bench/run.sh scaleout [seconds=10]           evidence submissions/s through one silo, then two silos of one cluster
#   tools/bench/run.sh gpg [csv=../shared/data/gender_pay_gap/gender-pay-gap-2022-23.csv]
#                                                      the gender pay gap connector over the real file vs direct submissions
#   tools/bench/run.sh import [employers=10000]        the employer import over HTTP (N employers x 5 items; target 100,000 in
#                                                      <= 120 s, then <= 60 s, <= 2 GB), then the same file again
#   tools/bench/run.sh uplift [members=10000]          the annual uplift's fan-out (due-by, then tiers dropping at pay-by) vs
#                                                      direct submissions
#   tools/bench/run.sh impact [members=10000]          impact before publishing (POST /charters/{id}/draft/impact), cold and
#                                                      warm, vs one read-only call per member
#   tools/bench/run.sh                                 indicators and evidence (a few minutes)
#   tools/bench/run.sh all                             every benchmark at issue 15's sizes (100,000 and 1,000,000 employers,
#                                                      the 100,000-employer import, ...; about 15 minutes on 2 cores), then
#                                                      every ratio and figure again in one summary
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
what=${1:-default}
port=${RGW_BENCH_PG_PORT:-55434}
pgdir=$(mktemp -d /tmp/rgw-bench-pg.XXXXXX); chmod 755 "$pgdir"
log=$(mktemp /tmp/rgw-bench-log.XXXXXX)
trap '"$root/tools/pg.sh" stop "$pgdir" >/dev/null 2>&1; rm -rf "$pgdir" "$log"' EXIT
cs=$("$root/tools/pg.sh" start "$pgdir" "$port")
dotnet build tools/bench/RegionalGoodWork.Bench -c Release -nologo -clp:ErrorsOnly >/dev/null
bench="dotnet tools/bench/RegionalGoodWork.Bench/bin/Release/net10.0/RegionalGoodWork.Bench.dll"

# A fresh database per benchmark, named for it.
db() { psql -h 127.0.0.1 -p "$port" -U postgres -qc "create database rgw_bench_$1" >/dev/null; echo "${cs/Database=rgw/Database=rgw_bench_$1}"; }
run() { echo "== $*" | tee -a "$log"; "$@" 2>&1 | tee -a "$log"; }

indicators() { run $bench indicators "$(db "ind$1")" "$1" ${2:+"$2"}; }
evidence() {
  local secs=$1
  psql -h 127.0.0.1 -p "$port" -U postgres -qc "create database rgw_bench_pgbench" >/dev/null
  pgbench -h 127.0.0.1 -p "$port" -U postgres -i -q -s 10 rgw_bench_pgbench >/dev/null 2>&1
  tps=$(pgbench -h 127.0.0.1 -p "$port" -U postgres -N -c 8 -j 2 -T "$secs" rgw_bench_pgbench 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1)
  echo "pgbench -N (simple update, 8 clients, ${secs}s): $tps TPS" | tee -a "$log"
  run $bench evidence "$(db ev)" "$tps" "$secs"
}
scaleout() { run $bench scaleout "$(db scale)" "$1"; }
gpg() { run $bench gpg "$(db gpg)" "$1"; }
import() { run $bench import "$(db "import$1")" "$1"; }
uplift() { run $bench uplift "$(db uplift)" "$1"; }
impact() { run $bench impact "$(db impact)" "$1"; }

case "$what" in
  indicators) indicators "${2:-100000}" "${3:-}" ;;
  england) indicators "${2:-1000000}" "${3:-300}" ;;
  evidence) evidence "${2:-10}" ;;
  scaleout) scaleout "${2:-10}" ;;
  gpg) gpg "${2:-$root/../shared/data/gender_pay_gap/gender-pay-gap-2022-23.csv}" ;;
  import) import "${2:-10000}" ;;
  uplift) uplift "${2:-10000}" ;;
  impact) impact "${2:-10000}" ;;
  default) indicators 100000; evidence 10 ;;
  all)
    indicators 100000
    indicators 1000000 300
    evidence 10
    scaleout 10
    import 100000
    uplift 10000
    impact 10000
    [ -f "$root/../shared/data/gender_pay_gap/gender-pay-gap-2022-23.csv" ] && gpg "$root/../shared/data/gender_pay_gap/gender-pay-gap-2022-23.csv"
    echo
    echo "== summary ($(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo))"
    grep -E '^== |ratio|p50|TPS|/s|peak|in [0-9.]+ ?s|state stored|writes per|impact over|baseline|^ +[0-9]+ \|' "$log" | grep -v '^== summary' | grep -Ev '^ +at |Exception|Object name'
    ;;
  *) echo "unknown benchmark '$what' (indicators, england, evidence, scaleout, gpg, import, uplift, impact, all)"; exit 2 ;;
esac
