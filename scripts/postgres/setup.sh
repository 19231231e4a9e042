#!/usr/bin/env bash
# A private PostgreSQL server on this machine, for the SQL-source tests and for trying a spec that
# reads PostgreSQL: installs Debian's postgresql if missing, creates a cluster in a folder of its own
# (not the distribution's main cluster) listening on 127.0.0.1 on a free port, with a role and a
# database `reclab` (password `reclab`, SCRAM authentication), starts it, and prints its URL:
#
#   export RECLAB_POSTGRES_URL=$(scripts/postgres/setup.sh)    # postgres://reclab:reclab@127.0.0.1:PORT/reclab
#   scripts/postgres/setup.sh stop                              # stops it
#
# Progress goes to stderr, the URL alone to stdout. Safe to run again: a running cluster is reused.
# The server runs as the `postgres` user (initdb refuses root); RECLAB_POSTGRES_DIR moves its folder.
set -euo pipefail
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
dir=${RECLAB_POSTGRES_DIR:-/tmp/reclab-postgres}
say() { echo "==> $*" >&2; }

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  say "installing postgresql"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
# Commands run as the postgres user: runuser as root, sudo otherwise.
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }

if [ "${1:-}" = "stop" ]; then
  if [ -f "$dir/data/postmaster.pid" ]; then as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2; fi
  exit 0
fi

if [ ! -f "$dir/data/PG_VERSION" ]; then
  say "creating a cluster in $dir ($("$bin/postgres" --version))"
  $SUDO rm -rf "$dir"
  $SUDO mkdir -p "$dir"
  $SUDO chown postgres:postgres "$dir"
  echo reclab | as_postgres tee "$dir/password" >/dev/null
  as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --pwfile="$dir/password" -E UTF8 --locale=C.UTF-8 >/dev/null
fi

if ! as_postgres "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  # A free port, picked by the kernel at each start; the running server's is kept in $dir/port.
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' \
    | as_postgres tee "$dir/port" >/dev/null
  port=$(cat "$dir/port")
  say "starting PostgreSQL on 127.0.0.1:$port"
  if ! as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
       -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir" start >/dev/null; then
    echo "PostgreSQL did not start; its log:" >&2
    tail -n 20 "$dir/server.log" >&2 || true
    exit 1
  fi
fi
port=$(cat "$dir/port")

psql() { as_postgres "$bin/psql" -h "$dir" -p "$port" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql -d postgres -c "SELECT 1 FROM pg_roles WHERE rolname = 'reclab'")" != "1" ]; then
  psql -d postgres -c "CREATE ROLE reclab LOGIN PASSWORD 'reclab'" >&2
fi
if [ "$(psql -d postgres -c "SELECT 1 FROM pg_database WHERE datname = 'reclab'")" != "1" ]; then
  psql -d postgres -c "CREATE DATABASE reclab OWNER reclab" >&2
fi
say "PostgreSQL is up: database reclab on 127.0.0.1:$port"
echo "postgres://reclab:reclab@127.0.0.1:$port/reclab"
