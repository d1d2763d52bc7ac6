#!/usr/bin/env bash
# Start, stop or check a private PostgreSQL server for RegionalGoodWork (loopback only).
#   tools/pg.sh start <dir> <port>   → initdb when new, start, create database "rgw"; prints the connection string
#   tools/pg.sh stop  <dir>
#   tools/pg.sh crash <dir>          → stops it as a power cut would (immediate: no checkpoint; WAL recovery on the next start)
#   tools/pg.sh bin                  → prints the folder holding initdb/pg_ctl (or fails saying what is missing)
# As root, the server runs as the "postgres" user (initdb and pg_ctl refuse root).
# RGW_PG_INSTALL=1 lets it install Debian's postgresql package when the binaries are missing.
set -euo pipefail

find_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"; return 0
  fi
  return 1
}

ensure_bin() {
  if ! find_bin >/dev/null; then
    if [ "${RGW_PG_INSTALL:-0}" = 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "pg.sh: PostgreSQL not found; installing Debian's postgresql package" >&2
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || true
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >&2
    fi
  fi
  find_bin || {
    echo "pg.sh: PostgreSQL server binaries (initdb, pg_ctl) are not installed." >&2
    echo "       Install them with: sudo apt-get install postgresql   (or set ConnectionStrings:Postgres to a server you run)" >&2
    exit 3
  }
}

as_owner() { # run a command as the owner of the cluster
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd=${1:-}; shift || true
case "$cmd" in
  bin) ensure_bin ;;
  start)
    dir=$1; port=$2
    bin=$(ensure_bin)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ "$(id -u)" = 0 ]; then
      id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
      chown -R postgres:postgres "$dir"
      # every parent must be traversable by the postgres user
      p=$dir; while [ "$p" != / ]; do chmod o+x "$p" 2>/dev/null || true; p=$(dirname "$p"); done
    fi
    if [ ! -f "$dir/pgdata/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$dir/pgdata" -U postgres --auth=trust --locale=C.UTF-8 -E UTF8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    if ! as_owner "$bin/pg_ctl" -D "$dir/pgdata" status >/dev/null 2>&1; then
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "pg.sh: port $port on 127.0.0.1 is already taken by another program; choose another port (RGW_PG_PORT / RGW_TEST_PG_PORT)." >&2
        exit 4
      fi
      as_owner "$bin/pg_ctl" -D "$dir/pgdata" -l "$dir/server.log" -w -t 30 start \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=${RGW_PG_FSYNC:-on} -c max_connections=200 -c shared_buffers=256MB" >/dev/null \
        || { tail -20 "$dir/server.log" >&2; exit 1; }
    fi
    for _ in $(seq 1 50); do
      psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1 && break; sleep 0.2
    done
    if [ "$(psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atc "select count(*) from pg_database where datname='rgw'")" = 0 ]; then
      psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc 'create database rgw' >/dev/null
    fi
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=rgw"
    ;;
  stop)
    dir=$1; bin=$(ensure_bin)
    [ -f "$dir/pgdata/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$dir/pgdata" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  crash)
    dir=$1; bin=$(ensure_bin)
    as_owner "$bin/pg_ctl" -D "$dir/pgdata" -m immediate -w stop >/dev/null
    ;;
  *) echo "usage: $0 start <dir> <port> | stop <dir> | crash <dir> | bin" >&2; exit 2 ;;
esac
