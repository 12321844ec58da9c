# Throwaway PostgreSQL cluster for tests and benchmarks (sourced, not run).
#
#   NODE=... PG_SERVER_OPTS="-c fsync=off" source scripts/lib/throwaway-pg.sh; start_pg
#
# start_pg: initdb into a temp dir (as user postgres when root; installs PostgreSQL with apt-get
# when missing and running as root), starts it on 127.0.0.1 on a free high port, creates the
# database cdb_test, exports DATABASE_URL, and stops/removes the cluster on exit. Needs log/die.
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

  PG_TMP=$(mktemp -d -t cdb-pg.XXXXXX) || die "mktemp failed"
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
      -o "-c listen_addresses=127.0.0.1 -p $candidate -k $PG_TMP/sock ${PG_SERVER_OPTS:-}" \
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

