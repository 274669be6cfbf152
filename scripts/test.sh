#!/usr/bin/env bash
# `make test`: installs what the tests need, starts a throwaway PostgreSQL
# cluster, and runs every test — unit and integration on SQLite, the
# integration tests again on PostgreSQL (with two app instances behind
# Debian's nginx, and a database outage played by a proxy), then the browser
# tests in Chromium and the API fuzzer against the release build. Exits
# non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

apt_install() {
  log "installing $* (Debian packages)"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

scripts/setup-tools.sh
[ -x /usr/bin/chromium ] || apt_install chromium
# The load balancer of the several-instances test (tests/instances.rs).
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || apt_install nginx-light
command -v npm >/dev/null || apt_install nodejs npm
if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  log "installing the browser-test packages"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

# Python tools in their own venv: aiosmtpd is the real SMTP server the mail
# tests talk to; schemathesis fuzzes the open data API from its OpenAPI
# document (major version pinned: its CLI flags change between majors).
venv="$HOME/.cache/scd-venv"
python3 -c 'import ensurepip' 2>/dev/null || apt_install python3-venv
[ -x "$venv/bin/python" ] || { log "creating the Python tool venv"; python3 -m venv "$venv"; }
"$venv/bin/python" -c 'import aiosmtpd' 2>/dev/null || { log "installing aiosmtpd (PyPI)"; "$venv/bin/pip" install -q aiosmtpd; }
[ -x "$venv/bin/schemathesis" ] || { log "installing schemathesis (PyPI)"; "$venv/bin/pip" install -q 'schemathesis>=4.32,<5'; }
export SCD_PYTHON="$venv/bin/python"

work=$(mktemp -d)
# The PostgreSQL cluster inside runs as the `postgres` user when we are root.
chmod 755 "$work"
# Test databases and files land here and go with it.
export TMPDIR="$work"
# A one-off CI build gains nothing from incremental state, which is large.
[ "${CI:-}" = true ] && export CARGO_INCREMENTAL=0
# A checkout without `target/` (CI's fresh clone) builds into one cache per
# user instead, so compiled dependencies outlive the clone: a cold build of
# both profiles takes about 25 of CI's 45 minutes on 2 cores. One run uses
# the cache at a time. Cargo names this workspace's crates alike in every
# checkout and judges them by file times, so when another checkout built
# last, their fingerprints go and they are rebuilt in every profile. A new
# toolchain, or a cache past 40 GB, starts the cache afresh.
# SCD_TARGET_CACHE=off builds in `target/` as usual.
cache="${SCD_TARGET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/scd-target}"
if [ "$cache" != off ] && { [ "$(readlink target)" = "$cache" ] || { [ ! -e target ] && [ ! -L target ]; }; }; then
  log "building in the shared cache $cache"
  mkdir -p "$cache"
  [ -L target ] || ln -s "$cache" target
  exec 9>"$cache/.lock"
  flock 9
  export CARGO_INCREMENTAL=0
  toolchain=$(rustc -vV)
  if [ "$(cat "$cache/.toolchain" 2>/dev/null)" != "$toolchain" ] || [ "$(du -sm "$cache" | cut -f1)" -gt 40960 ]; then
    find "$cache" -mindepth 1 -maxdepth 1 ! -name .lock -exec rm -rf {} +
    printf '%s\n' "$toolchain" > "$cache/.toolchain"
  fi
  if [ "$(cat "$cache/.checkout" 2>/dev/null)" != "$PWD" ]; then
    find "$cache" -maxdepth 5 -path '*/.fingerprint/*' \( -name 'smart-city-duisburg-*' -o -name 'migration-*' -o -name 'openimmo-*' \) -prune -exec rm -rf {} +
    rm -f "$cache/site/.release-built"
    printf '%s\n' "$PWD" > "$cache/.checkout"
  fi
fi
server_pid=""
smtp_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [ -n "$smtp_pid" ] && kill "$smtp_pid" 2>/dev/null
  scripts/pg.sh stop "$work/pg" || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

log "starting a throwaway PostgreSQL cluster"
pg_port=$(free_port)
scripts/pg.sh start "$work/pg" "$pg_port" 9>&-
export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$pg_port/postgres"

log "unit and integration tests on SQLite"
# `9>&-`: what a test starts and leaves behind must not inherit the build
# cache's lock, or the next run waits on it for good.
# One feature set for the whole workspace, so nothing is compiled twice.
cargo test --workspace --features ssr 9>&-

log "integration tests on PostgreSQL"
# The same package selection as above: without --workspace, cargo resolves
# features for the root crate alone and builds every test binary a second
# time (about 16 GB more on disk, and minutes of linking).
TEST_DATABASE=postgres cargo test --workspace --features ssr --test '*' 9>&-

log "release build"
make --no-print-directory build

log "browser tests (Chromium) against the release build"
app_port=$(free_port)
smtp_port=$(free_port)
"$SCD_PYTHON" -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$work/maildir" 9>&- &
smtp_pid=$!
export SCD_MAILDIR="$work/maildir"
# An administrator (who moderates) for the moderation journey in reviews.spec.ts.
export SCD_E2E_ADMIN_EMAIL="moderation@example.org" SCD_E2E_ADMIN_PASSWORD="moderation mit augenmass 42"
DATABASE_URL="sqlite://$work/e2e.db?mode=rwc" SCD_ADMIN_PASSWORD="$SCD_E2E_ADMIN_PASSWORD" \
  target/release/smart-city-duisburg admin create "$SCD_E2E_ADMIN_EMAIL" "Mona Moderation" >/dev/null
# Every browser test signs up from 127.0.0.1: more sign-ups per address than in production.
DATABASE_URL="sqlite://$work/e2e.db?mode=rwc" LEPTOS_SITE_ADDR="127.0.0.1:$app_port" SCD_SIGNUPS_PER_IP_HOUR=100 \
  SMTP_URL="smtp://127.0.0.1:$smtp_port" SCD_PUBLIC_URL="http://127.0.0.1:$app_port" \
  target/release/smart-city-duisburg serve >"$work/server.log" 2>&1 9>&- &
server_pid=$!
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$app_port/readyz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.5
done
if ! (cd end2end && SCD_BASE_URL="http://127.0.0.1:$app_port" npx playwright test); then
  echo "--- server log ---"; tail -n 50 "$work/server.log"; exit 1
fi
log "API fuzzing (schemathesis) against the release build"
# GET only, so the data the browser tests left does not matter. A fixed
# seed and example count keep the run reproducible and under a minute.
if ! "$venv/bin/schemathesis" run "http://127.0.0.1:$app_port/api/v1/openapi.json" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples 50 --seed 1 --generation-database none --no-color; then
  echo "--- server log ---"; tail -n 50 "$work/server.log"; exit 1
fi
log "all tests passed"
