#!/usr/bin/env bash
# Starts the machine's PostgreSQL cluster and makes sure the `parcours` role and database
# exist, idempotently (a running cluster, an existing role or database are all fine).
# Needs root or sudo; installs Debian's `postgresql` package when pg_ctlcluster is missing.
# Prints the connection URL on stdout (everything else goes to stderr):
#   postgres://parcours:parcours@127.0.0.1:5432/parcours
#   PARCOURS_PG_URL=$(bash scripts/postgres.sh)
set -euo pipefail

say() { echo "[postgres] $*" >&2; }
as_root() {
  if [ "$(id -u)" = "0" ]; then "$@"; else sudo "$@"; fi
}
as_postgres() {
  if [ "$(id -u)" = "0" ]; then su postgres -s /bin/sh -c "$1"; else sudo -u postgres sh -c "$1"; fi
}

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  say "installing Debian's postgresql package"
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

# the newest installed cluster (Debian creates `main` when the package is installed)
cluster=$(pg_lsclusters --no-header 2>/dev/null | sort -k1,1V | tail -n 1 || true)
if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  say "creating cluster $version/main"
  as_root pg_createcluster "$version" main >&2
  cluster=$(pg_lsclusters --no-header | sort -k1,1V | tail -n 1)
fi
read -r version name port status _ <<<"$cluster"

if [ "$status" != "online" ]; then
  say "starting cluster $version/$name on port $port"
  as_root pg_ctlcluster "$version" "$name" start >&2 || true
fi

for _ in $(seq 1 60); do
  if as_postgres "psql -p $port -qtAc 'select 1'" >/dev/null 2>&1; then break; fi
  sleep 0.5
done
if ! as_postgres "psql -p $port -qtAc 'select 1'" >/dev/null 2>&1; then
  say "cluster $version/$name does not accept connections; see /var/log/postgresql/"
  exit 1
fi

as_postgres "psql -p $port -v ON_ERROR_STOP=1 -qtA" >&2 <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'parcours') THEN
    CREATE ROLE parcours LOGIN PASSWORD 'parcours';
  END IF;
END
$$;
SQL
if [ "$(as_postgres "psql -p $port -qtAc \"select 1 from pg_database where datname = 'parcours'\"")" != "1" ]; then
  say "creating database parcours"
  as_postgres "psql -p $port -v ON_ERROR_STOP=1 -qc 'CREATE DATABASE parcours OWNER parcours'" >&2
fi

url="postgres://parcours:parcours@127.0.0.1:$port/parcours"
for _ in $(seq 1 20); do
  if PGPASSWORD=parcours psql -h 127.0.0.1 -p "$port" -U parcours -d parcours -qtAc 'select 1' >/dev/null 2>&1; then
    say "ready: PostgreSQL $version at 127.0.0.1:$port"
    echo "$url"
    exit 0
  fi
  sleep 0.5
done
say "the parcours role cannot connect over TCP at 127.0.0.1:$port"
exit 1
