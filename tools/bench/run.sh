#!/usr/bin/env bash
# Runs the benchmarks against a throwaway PostgreSQL, each with its baseline measured in the same run:
#   tools/bench/run.sh indicators [employers=100000]   region indicators: incremental grains vs SQL aggregation
#   tools/bench/run.sh evidence [seconds=10]           evidence submissions/s vs pgbench -N TPS; storage writes per submission for k = 1,2,4,8 charters
#   tools/bench/run.sh gpg [csv=../shared/data/gender_pay_gap/gender-pay-gap-2022-23.csv]
#                                                      the gender pay gap connector over the real file vs direct submissions
#   tools/bench/run.sh import [employers=10000]        the employer import over HTTP (N employers × 5 items; target 100,000 in ≤ 120 s, ≤ 2 GB), then the same file again
#   tools/bench/run.sh uplift [members=10000]          the annual uplift's fan-out (due-by, then tiers dropping at pay-by) vs direct submissions
#   tools/bench/run.sh impact [members=10000]          impact before publishing (POST /charters/{id}/draft/impact), cold and warm, vs one read-only call per member
#   tools/bench/run.sh                                 indicators and evidence
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
what=${1:-all}
port=${RGW_BENCH_PG_PORT:-55434}
pgdir=$(mktemp -d /tmp/rgw-bench-pg.XXXXXX); chmod 755 "$pgdir"
trap '"$root/tools/pg.sh" stop "$pgdir" >/dev/null 2>&1; rm -rf "$pgdir"' EXIT
cs=$("$root/tools/pg.sh" start "$pgdir" "$port")
dotnet build tools/bench/RegionalGoodWork.Bench -c Release -nologo -clp:ErrorsOnly >/dev/null
bench="dotnet tools/bench/RegionalGoodWork.Bench/bin/Release/net10.0/RegionalGoodWork.Bench.dll"

if [ "$what" = indicators ] || [ "$what" = all ]; then
  psql -h 127.0.0.1 -p "$port" -U postgres -qc "create database rgw_bench_ind" >/dev/null
  $bench indicators "${cs/Database=rgw/Database=rgw_bench_ind}" "${2:-100000}"
fi
if [ "$what" = evidence ] || [ "$what" = all ]; then
  secs=${2:-10}
  [ "$what" = all ] && secs=10
  psql -h 127.0.0.1 -p "$port" -U postgres -qc "create database rgw_bench_pgbench" >/dev/null
  pgbench -h 127.0.0.1 -p "$port" -U postgres -i -q -s 10 rgw_bench_pgbench >/dev/null 2>&1
  tps=$(pgbench -h 127.0.0.1 -p "$port" -U postgres -N -c 8 -j 2 -T "$secs" rgw_bench_pgbench 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1)
  echo "pgbench -N (simple update, 8 clients, ${secs}s): $tps TPS"
  psql -h 127.0.0.1 -p "$port" -U postgres -qc "create database rgw_bench_ev" >/dev/null
  $bench evidence "${cs/Database=rgw/Database=rgw_bench_ev}" "$tps" "$secs"
fi
if [ "$what" = gpg ]; then
  csv=${2:-$root/../shared/data/gender_pay_gap/gender-pay-gap-2022-23.csv}
  psql -h 127.0.0.1 -p "$port" -U postgres -qc "create database rgw_bench_gpg" >/dev/null
  $bench gpg "${cs/Database=rgw/Database=rgw_bench_gpg}" "$csv"
fi
if [ "$what" = import ]; then
  psql -h 127.0.0.1 -p "$port" -U postgres -qc "create database rgw_bench_import" >/dev/null
  $bench import "${cs/Database=rgw/Database=rgw_bench_import}" "${2:-10000}"
fi
if [ "$what" = uplift ]; then
  psql -h 127.0.0.1 -p "$port" -U postgres -qc "create database rgw_bench_uplift" >/dev/null
  $bench uplift "${cs/Database=rgw/Database=rgw_bench_uplift}" "${2:-10000}"
fi
if [ "$what" = impact ]; then
  psql -h 127.0.0.1 -p "$port" -U postgres -qc "create database rgw_bench_impact" >/dev/null
  $bench impact "${cs/Database=rgw/Database=rgw_bench_impact}" "${2:-10000}"
fi
