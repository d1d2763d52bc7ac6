#!/usr/bin/env bash
# Starts RegionalGoodWork on this machine: the HTTP API and an Orleans silo in one process,
# with the demo region loaded. Prints the URL, the Greater Manchester dashboard's URL and the admin key once
# /health/ready answers.
#   tools/run.sh              embedded default: SQLite file under the data directory
#   tools/run.sh --postgres   on the PostgreSQL in RGW_POSTGRES when set, otherwise one it starts (or reuses) under the data directory
# Environment: RGW_URLS (default http://127.0.0.1:5080), RGW_DATA_DIR (default .data/),
#   RGW_ADMIN_API_KEY (generated once, kept in the data directory, printed), RGW_PG_PORT (default 55432),
#   RGW_SILO_PORT / RGW_GATEWAY_PORT (Orleans, default 11111 / 30000), RGW_DEMO (default true),
#   RGW_POSTGRES (Npgsql connection string), RGW_ADVERTISED_ADDRESS (silo address, default 127.0.0.1).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

mode=sqlite
for arg in "$@"; do
  case "$arg" in
    --postgres) mode=postgres ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

command -v dotnet >/dev/null || { echo "run.sh: the .NET 10 SDK (dotnet) is not installed: https://dot.net" >&2; exit 3; }

export RGW_URLS=${RGW_URLS:-http://127.0.0.1:5080}
case "$RGW_URLS" in
  http://127.0.0.1:*|http://localhost:*|https://127.0.0.1:*|https://localhost:*) ;;
  *) echo "run.sh: RGW_URLS must bind to loopback (127.0.0.1 or localhost), not $RGW_URLS" >&2; exit 2 ;;
esac
data=${RGW_DATA_DIR:-.data}
mkdir -p "$data"
export RGW_DATA_DIR=$(cd "$data" && pwd)

if [ -z "${RGW_ADMIN_API_KEY:-}" ]; then
  keyfile="$RGW_DATA_DIR/admin-api-key"
  if [ ! -s "$keyfile" ]; then
    (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$keyfile")
  fi
  RGW_ADMIN_API_KEY=$(cat "$keyfile")
fi
export RGW_ADMIN_API_KEY

export RGW_STORAGE=$mode
export RGW_DEMO=${RGW_DEMO:-true}   # load the demo region (fictional employers); RGW_DEMO=false to start empty
if [ "$mode" = postgres ] && [ -n "${RGW_POSTGRES:-}" ]; then
  echo "== PostgreSQL at RGW_POSTGRES (not started here)"
elif [ "$mode" = postgres ]; then
  port=${RGW_PG_PORT:-55432}
  echo "== PostgreSQL under $RGW_DATA_DIR/postgres on 127.0.0.1:$port"
  RGW_POSTGRES=$("$root/tools/pg.sh" start "$RGW_DATA_DIR/postgres" "$port")
  export RGW_POSTGRES
fi

# The portal's front-end packages (GOV.UK Frontend), pinned by src/RegionalGoodWork.Portal/package-lock.json.
portal="$root/src/RegionalGoodWork.Portal"
if [ ! -f "$portal/node_modules/.package-lock.json" ] || [ "$portal/package-lock.json" -nt "$portal/node_modules/.package-lock.json" ]; then
  command -v npm >/dev/null || { echo "run.sh: npm (Node.js >= 20.19) is needed for the portal's GOV.UK Frontend" >&2; exit 3; }
  echo "== installing the portal's front-end packages"
  (cd "$portal" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error)
fi

dll="$root/src/RegionalGoodWork.Host/bin/Release/net10.0/RegionalGoodWork.Host.dll"
if [ ! -f "$dll" ] || [ -n "$(find src modules tools/sql Directory.Build.props Directory.Packages.props -newer "$dll" -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.json' -o -name '*.sql' -o -name '*.props' -o -name '*.csv' -o -name '*.razor' -o -name '*.css' -o -name '*.js' -o -name '*.hexjson' \) -not -path '*/bin/*' -not -path '*/obj/*' -not -path '*/node_modules/*' -print -quit)" ]; then
  echo "== building"
  dotnet build "$root/src/RegionalGoodWork.Host/RegionalGoodWork.Host.csproj" -c Release -nologo -clp:ErrorsOnly
fi

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
http_port=${RGW_URLS##*:}; http_port=${http_port%%/*}
for p in "$http_port" "${RGW_SILO_PORT:-11111}" "${RGW_GATEWAY_PORT:-30000}"; do
  if port_taken "$p"; then
    echo "run.sh: port $p on 127.0.0.1 is already in use (another platform running?). Choose others with RGW_URLS, RGW_SILO_PORT, RGW_GATEWAY_PORT." >&2
    exit 4
  fi
done

echo "== starting ($mode) — logs below"
cd "$root/src/RegionalGoodWork.Host"
dotnet "$dll" &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null' INT TERM EXIT

url=${RGW_URLS%%;*}
for _ in $(seq 1 120); do
  if curl -fsS "$url/health/ready" >/dev/null 2>&1; then
    echo
    echo "RegionalGoodWork is ready at $url  (storage: $mode, data: $RGW_DATA_DIR)"
    if [ "$RGW_DEMO" = true ]; then
      echo "Open the Greater Manchester dashboard (demo data): $url/regions/E47000001"
    else
      echo "Open the portal: $url/"
    fi
    echo "Admin API key (X-Api-Key): $RGW_ADMIN_API_KEY"
    echo "OpenAPI: $url/openapi/v1.json   Stop: Ctrl+C"
    break
  fi
  kill -0 "$pid" 2>/dev/null || { echo "run.sh: the platform exited during start-up (see the log above)" >&2; exit 1; }
  sleep 0.5
done
wait "$pid"
