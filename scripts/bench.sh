#!/usr/bin/env bash
# `npm run bench`: benchmarks on SQLite and on a throwaway PostgreSQL (durable settings: fsync on),
# or on DATABASE_URL when set (its database gets benchmark tenders: use a scratch one).
# BENCH_NO_PG=1 skips PostgreSQL. Other knobs: see bench/run.ts. A script argument runs another
# benchmark (e.g. bench/data-out.ts).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

log() { printf '[bench.sh] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

if [[ -x ./node_modules/.bin/node ]]; then NODE=./node_modules/.bin/node; else NODE=node; fi
# shellcheck source=lib/throwaway-pg.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/throwaway-pg.sh"
PG_SERVER_OPTS=""

if [[ -z "${DATABASE_URL:-}" && -z "${BENCH_NO_PG:-}" ]]; then start_pg; fi
"$NODE" "${1:-bench/run.ts}"
