#!/usr/bin/env bash
# A local PostgreSQL 15 + PostGIS cluster in a folder, for development, tests and a first deployment.
#   scripts/postgis.sh start [DIR] [PORT]   create the cluster if needed, start it, print its URL
#   scripts/postgis.sh stop  [DIR]          stop it (fast shutdown; the data stay in DIR)
#   scripts/postgis.sh url   [DIR] [PORT]   print the URL only
# DIR defaults to .postgis/ in the project, PORT to 5433 (so it never clashes with a system cluster);
# the socket lives in DIR too. As root the server runs as the `postgres` user (PostgreSQL refuses root).
set -euo pipefail
cd "$(dirname "$0")/.."
verb="${1:-start}"; dir="$(realpath -m "${2:-.postgis}")"; port="${3:-5433}"
bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
db="lanbai"

[ -x "$bin/initdb" ] || { echo "PostgreSQL 15 is not installed: apt-get install postgresql-15-postgis-3" >&2; exit 3; }
[ -f /usr/share/postgresql/15/extension/postgis.control ] || {
  echo "PostGIS is not installed: apt-get install postgresql-15-postgis-3" >&2; exit 3; }

as_owner() {  # run a server binary as the cluster's owner
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
owner() { if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi; }
url() { echo "postgresql://$(owner)@localhost:${port}/${db}"; }

case "$verb" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$dir" -U "$(owner)" --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir.initdb.log" 2>&1 \
        || { cat "$dir.initdb.log" >&2; exit 1; }
      rm -f "$dir.initdb.log"
    fi
    if ! as_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=localhost" start >/dev/null \
        || { tail -20 "$dir/server.log" >&2; exit 1; }
    fi
    as_owner "$bin/psql" -h "$dir" -p "$port" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" \
      | grep -q 1 || as_owner "$bin/createdb" -h "$dir" -p "$port" "$db"
    url
    ;;
  stop)
    if [ -f "$dir/postmaster.pid" ]; then as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null; fi
    echo "stopped"
    ;;
  url) url ;;
  *) echo "usage: scripts/postgis.sh start|stop|url [DIR] [PORT]" >&2; exit 2 ;;
esac
