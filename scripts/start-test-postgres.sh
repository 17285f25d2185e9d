#!/usr/bin/env bash
# A private, throwaway PostgreSQL cluster on loopback for the master's PostgreSQL tests.
#
#   eval "$(bash scripts/start-test-postgres.sh)"   # starts it; exports BOOKCASE_TEST_PG_URL and
#                                                    # BOOKCASE_TEST_PG_DIR into this shell
#   bash scripts/start-test-postgres.sh stop "$BOOKCASE_TEST_PG_DIR"   # stops it, deletes its folder
#
# Only the export lines go to stdout; progress goes to stderr. The cluster lives in a temporary
# folder, listens on 127.0.0.1 only (port BOOKCASE_TEST_PG_PORT, default 55432, or the next free
# one) and trusts local connections: it is for tests, never for data anyone wants to keep. fsync
# stays on, so the durability the master relies on is the real thing. PostgreSQL refuses to run as
# root; as root the cluster runs as the `postgres` user that Debian's package creates.
set -euo pipefail

log() { echo "start-test-postgres: $*" >&2; }

pg_bin() {
  if [[ -n "${PG_BIN:-}" ]]; then
    echo "$PG_BIN"
    return
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z "$dir" || ! -x "$dir/initdb" ]]; then
    log "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin; install them with: apt-get install -y postgresql"
    exit 1
  fi
  echo "$dir"
}

# Runs a server binary as the cluster's owner: ourselves, or `postgres` when we are root.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

stop_cluster() {
  local dir=${1:?usage: start-test-postgres.sh stop DIR}
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  fi
  rm -rf "$dir"
  log "stopped and removed $dir"
}

start_cluster() {
  local bin dir port
  bin=$(pg_bin)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/bookcase-pg.XXXXXX")
  chmod 755 "$dir"
  if [[ $(id -u) -eq 0 ]]; then
    if ! id postgres >/dev/null 2>&1; then
      log "running as root and there is no postgres user to run the server as"
      exit 1
    fi
    chown postgres: "$dir"
  fi

  port=${BOOKCASE_TEST_PG_PORT:-55432}
  local last=$((port + 40))
  until port_free "$port"; do
    port=$((port + 1))
    if ((port > last)); then
      log "no free port from ${BOOKCASE_TEST_PG_PORT:-55432} to $last"
      exit 1
    fi
  done

  log "initdb into $dir/data ($("$bin/postgres" --version))"
  as_owner "$bin/initdb" -D "$dir/data" -U bookcase --auth=trust -E UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }
  # Tests open many small pools at once (several files in parallel, several "processes" each).
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
    "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=400 -c shared_buffers=64MB" \
    >&2 || {
    cat "$dir/server.log" >&2
    exit 1
  }
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U bookcase bookcase_test
  log "PostgreSQL ready on 127.0.0.1:$port (database bookcase_test)"
  echo "export BOOKCASE_TEST_PG_URL=postgres://bookcase@127.0.0.1:$port/bookcase_test"
  echo "export BOOKCASE_TEST_PG_DIR=$dir"
}

case "${1:-start}" in
  start) start_cluster ;;
  stop) stop_cluster "${2:-${BOOKCASE_TEST_PG_DIR:-}}" ;;
  *)
    log "usage: start-test-postgres.sh [start | stop DIR]"
    exit 2
    ;;
esac
