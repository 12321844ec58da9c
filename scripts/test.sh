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

# --- throwaway PostgreSQL (durability off: a test cluster) ----------------------------------------
# shellcheck source=lib/throwaway-pg.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/throwaway-pg.sh"
PG_SERVER_OPTS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"

if [[ -n "${DATABASE_URL:-}" ]]; then
  log "backends: sqlite + postgres (DATABASE_URL from the environment)"
elif [[ -n "${TEST_NO_PG:-}" ]]; then
  log "backends: sqlite only (TEST_NO_PG is set)"
else
  start_pg
  log "backends: sqlite + postgres (throwaway cluster)"
fi

# --- headless Chromium for the browser tests (Debian's package; never a downloaded browser) ---------
# Only when the selection may include a browser test: a directory (glob) or a *.browser.test.ts file.
if [[ "${files[*]}" == *"**"* || "${files[*]}" == *browser* ]]; then
  if [[ ! -x /usr/bin/chromium ]]; then
    if [[ "$(id -u)" -eq 0 ]]; then
      log "chromium not found; installing it with apt-get"
      { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; } >&2 || die "apt-get install chromium failed"
    else
      log "WARNING: /usr/bin/chromium not found and not root: browser tests will be skipped"
    fi
  fi
fi

# --- run ------------------------------------------------------------------------------------------
log "$NODE --test --test-concurrency=1 ${node_opts[*]} ${files[*]}"
"$NODE" --test --test-concurrency=1 "${node_opts[@]}" "${files[@]}"
rc=$?
log "test runner exited with $rc"
exit "$rc"
