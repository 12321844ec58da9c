#!/usr/bin/env bash
# The project's test command (`npm test`).
#
#   bash scripts/test.sh                         # whole tree: test/**/*.test.ts
#   bash scripts/test.sh test/storage            # a directory (→ test/storage/**/*.test.ts)
#   bash scripts/test.sh test/storage/store.contract.test.ts --test-name-pattern=feed
#
# Backends: SQLite always. PostgreSQL too: DATABASE_URL when set; otherwise (unless TEST_NO_PG is
# set) a throwaway cluster started here on 127.0.0.1 and removed on exit. Options for the runner
# must use the `--opt=value` form.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

log() { printf '[test.sh] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# --- node (v22: runs .ts directly; the system node may be older) --------------------------------
if [[ -x ./node_modules/.bin/node ]]; then
  NODE=./node_modules/.bin/node
else
  NODE=node
fi
node_major=$("$NODE" -p 'process.versions.node.split(".")[0]' 2>/dev/null) || die "no usable node (run npm ci)"
[[ "$node_major" -ge 22 ]] || die "node >= 22 required, found $("$NODE" --version) (run npm ci)"

# --- test selection -------------------------------------------------------------------------------
node_opts=()
files=()
for arg in "$@"; do
  if [[ "$arg" == -* ]]; then
    node_opts+=("$arg")
  elif [[ -d "$arg" ]]; then
    files+=("${arg%/}/**/*.test.ts")
  else
    files+=("$arg")
  fi
done
[[ ${#files[@]} -gt 0 ]] || files=("test/**/*.test.ts")

# --- throwaway PostgreSQL -------------------------------------------------------------------------
PG_TMP=""
PG_BIN=""

run_as_postgres() {
  if [[ "$(id -u)" -eq 0 ]]; then
    if command -v runuser >/dev/null 2>&1; then
      (cd / && runuser -u postgres -- "$@")
    else
      (cd / && su postgres -s /bin/bash -c "$(printf '%q ' "$@")")
    fi
  else
    "$@"
  fi
}

# The directory of the real binaries (symlinks such as /usr/local/bin/initdb are resolved, so
# createdb/psql next to them are found too).
find_pg_bin() {
  local dir
  for dir in "$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/x)")" /usr/local/bin \
    $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
      dirname "$(readlink -f "$dir/initdb")"
      return 0
    fi
  done
  return 1
}

stop_pg() {
  if [[ -n "$PG_TMP" && -d "$PG_TMP" ]]; then
    if [[ -f "$PG_TMP/data/postmaster.pid" ]]; then
      run_as_postgres "$PG_BIN/pg_ctl" -D "$PG_TMP/data" stop -m immediate -w >/dev/null 2>&1 || {
        local pid
        pid=$(head -n 1 "$PG_TMP/data/postmaster.pid" 2>/dev/null)
        [[ -n "$pid" ]] && kill -9 "$pid" 2>/dev/null
      }
    fi
    rm -rf "$PG_TMP"
  fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start_pg() {
  PG_BIN=$(find_pg_bin) || {
    [[ "$(id -u)" -eq 0 ]] || die "PostgreSQL (initdb/pg_ctl) not found; install it, set DATABASE_URL, or set TEST_NO_PG=1"
    log "PostgreSQL not found; installing it with apt-get"
    { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql; } >&2 ||
      die "apt-get install postgresql failed"
    PG_BIN=$(find_pg_bin) || die "PostgreSQL installed but initdb/pg_ctl still not found"
  }
  if [[ "$(id -u)" -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres ||
      die "cannot create the postgres user (initdb refuses to run as root)"
  fi

  PG_TMP=$(mktemp -d -t cdb-test-pg.XXXXXX) || die "mktemp failed"
  trap stop_pg EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  mkdir -p "$PG_TMP/sock"
  [[ "$(id -u)" -eq 0 ]] && chown -R postgres: "$PG_TMP"
  chmod 700 "$PG_TMP"

  log "initdb ($("$PG_BIN/initdb" --version)) in $PG_TMP"
  run_as_postgres "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres -A trust -E UTF8 --locale=C --no-sync \
    >"$PG_TMP/initdb.log" 2>&1 || { cat "$PG_TMP/initdb.log" >&2; die "initdb failed"; }

  local attempt candidate port=""
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    candidate=$((54329 + RANDOM % 2000))
    port_in_use "$candidate" && continue
    if run_as_postgres "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/postgres.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $candidate -k $PG_TMP/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null 2>&1; then
      port=$candidate
      break
    fi
    log "PostgreSQL did not start on port $candidate (attempt $attempt); retrying"
  done
  [[ -n "$port" ]] || { cat "$PG_TMP/postgres.log" >&2 2>/dev/null; die "could not start PostgreSQL"; }

  if [[ -x "$PG_BIN/createdb" ]]; then
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres cdb_test || die "createdb failed"
  elif [[ -x "$PG_BIN/psql" ]]; then
    "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc 'CREATE DATABASE cdb_test' || die "createdb failed"
  else
    PGPORT_FOR_NODE=$port "$NODE" --input-type=module -e "
      import pg from 'pg';
      const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:' + process.env.PGPORT_FOR_NODE + '/postgres' });
      await c.connect(); await c.query('CREATE DATABASE cdb_test'); await c.end();" || die "createdb failed"
  fi
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/cdb_test"
  log "throwaway PostgreSQL running: $DATABASE_URL"
}

if [[ -n "${DATABASE_URL:-}" ]]; then
  log "backends: sqlite + postgres (DATABASE_URL from the environment)"
elif [[ -n "${TEST_NO_PG:-}" ]]; then
  log "backends: sqlite only (TEST_NO_PG is set)"
else
  start_pg
  log "backends: sqlite + postgres (throwaway cluster)"
fi

# --- run ------------------------------------------------------------------------------------------
log "$NODE --test --test-concurrency=1 ${node_opts[*]} ${files[*]}"
"$NODE" --test --test-concurrency=1 "${node_opts[@]}" "${files[@]}"
rc=$?
log "test runner exited with $rc"
exit "$rc"
