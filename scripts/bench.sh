#!/usr/bin/env bash
# `make bench`: the performance benchmark. Seeds a large generated city
# (100,000 offers, 1,000,000 reviews by default) on SQLite and on a
# throwaway PostgreSQL cluster and prints, for each:
#   - search server time p50/p95/max of the results page's store call over
#     56 fixed queries (target p95 <= 10 ms),
#   - results-page throughput of the release server against nginx serving
#     the identical HTML as a static file, with wrk (target ratio >= 0.25),
# OpenImmo import throughput (listings/s, peak RSS) of a ~50 MB generated file
# (BENCH_OPENIMMO_LISTINGS, default 20,000; target >= 2,000 listings/s),
# and once the bytes a first visit to the search page downloads with brotli
# (HTML, CSS, JS, wasm; target <= 250 KB), measured in Chromium; and, on the
# seeded city, how soon two independently following catalogues list a
# 100,000-listing import with writers busy (BENCH_CATCHUP_LISTINGS; target
# <= 2 s from the commit) and the list p99 during a full reload (<= 2x);
# and the alert matcher's time for 20,000 imported listings against 10,000
# saved searches (BENCH_ALERT_LISTINGS, BENCH_ALERT_SEARCHES; <= 30 s).
#   scripts/bench.sh --alerts   only the alert matching, on both engines
#
#   scripts/bench.sh            100k offers / 1M reviews
#   scripts/bench.sh --first-visit   only the first visit, on the demo city
#   scripts/bench.sh --large    additionally 1M offers (BENCH_LARGE_REVIEWS
#                               reviews, default 1M), search time only
#   scripts/bench.sh --catchup  only the catch-up figures, on PostgreSQL
# Environment: BENCH_OFFERS, BENCH_REVIEWS, BENCH_ROUNDS (5), BENCH_WRK_SECONDS (10),
# BENCH_WRK_CONNECTIONS (32), BENCH_DBS ("sqlite postgres").
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

offers=${BENCH_OFFERS:-100000}
reviews=${BENCH_REVIEWS:-1000000}
rounds=${BENCH_ROUNDS:-5}
wrk_seconds=${BENCH_WRK_SECONDS:-10}
wrk_connections=${BENCH_WRK_CONNECTIONS:-32}
dbs=${BENCH_DBS:-sqlite postgres}
large=false first_visit_only=false catchup_only=false
[ "${1:-}" = --large ] && large=true
[ "${1:-}" = --first-visit ] && { first_visit_only=true; dbs=""; }
[ "${1:-}" = --catchup ] && { catchup_only=true; dbs="postgres"; }
alerts_only=false
[ "${1:-}" = --alerts ] && alerts_only=true
# A realistic results page: a word, a Stadtbezirk, ranked.
page_path='/angebote?q=wohnung&bezirk=mitte'

apt_install() {
  log "installing $* (Debian packages)"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
command -v wrk >/dev/null || apt_install wrk
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || apt_install nginx-light
command -v curl >/dev/null || apt_install curl
# The first visit is measured in Chromium, driven by Playwright.
[ -x /usr/bin/chromium ] || apt_install chromium
command -v npm >/dev/null || apt_install nodejs npm
[ -d end2end/node_modules/@playwright/test ] || (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)

log "release build"
make --no-print-directory build
bin=target/release/smart-city-duisburg

work=$(mktemp -d)
chmod 755 "$work"
server_pid="" nginx_conf=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [ -n "$nginx_conf" ] && nginx -p "$work/nginx" -c "$nginx_conf" -s stop 2>/dev/null
  scripts/pg.sh stop "$work/pg" || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

pg_url=""
if [[ " $dbs " == *" postgres "* ]]; then
  log "starting a throwaway PostgreSQL cluster"
  pg_port=$(free_port)
  scripts/pg.sh start "$work/pg" "$pg_port"
  pg_url="postgres://postgres@127.0.0.1:$pg_port/postgres"
fi

# database_url NAME → a fresh database of that name on the engine.
database_url() {
  local engine=$1 name=$2
  if [ "$engine" = sqlite ]; then
    echo "sqlite://$work/$name.db?mode=rwc"
  else
    psql -q "$pg_url" -c "CREATE DATABASE $name" >/dev/null
    echo "${pg_url%/*}/$name"
  fi
}

# Requests per second; wrk's socket errors (e.g. timeouts of slow pages) go to stderr.
wrk_rps() {
  local out
  out=$(wrk -t2 -c"$wrk_connections" -d"${wrk_seconds}s" "$1")
  grep -i 'socket errors\|non-2xx' <<<"$out" | sed "s|^|  wrk $1: |" >&2 || true
  awk '/^Requests\/sec:/ {print $2}' <<<"$out"
}

# A private nginx serving `file` as the page's path.
start_nginx() {
  local file=$1 port=$2
  mkdir -p "$work/nginx/logs" "$work/nginx/tmp"
  nginx_conf="$work/nginx/nginx.conf"
  cat >"$nginx_conf" <<EOF
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/tmp;
  proxy_temp_path $work/nginx/tmp;
  fastcgi_temp_path $work/nginx/tmp;
  uwsgi_temp_path $work/nginx/tmp;
  scgi_temp_path $work/nginx/tmp;
  sendfile on;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:$port;
    location = /angebote { default_type text/html; alias $file; }
  }
}
EOF
  nginx -p "$work/nginx" -c "$nginx_conf" 2>/dev/null
}

# start_server DATABASE_URL PORT [VAR=VALUE…]: the release server, once healthy.
start_server() {
  local url=$1 port=$2; shift 2
  env DATABASE_URL="$url" LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=warn "$@" \
    "$bin" serve >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 240); do
    curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.5
  done
}

throughput() {
  local url=$1 app_port nginx_port
  app_port=$(free_port)
  start_server "$url" "$app_port" SCD_DEMO=0
  curl -fsS "http://127.0.0.1:$app_port$page_path" -o "$work/page.html"
  nginx_port=$(free_port)
  start_nginx "$work/page.html" "$nginx_port"
  local app_bytes nginx_bytes
  app_bytes=$(curl -fsS "http://127.0.0.1:$app_port$page_path" | wc -c)
  nginx_bytes=$(curl -fsS "http://127.0.0.1:$nginx_port/angebote" | wc -c)
  local app nginx
  app=$(wrk_rps "http://127.0.0.1:$app_port$page_path")
  nginx=$(wrk_rps "http://127.0.0.1:$nginx_port/angebote")
  printf '  results page throughput (wrk -t2 -c%s -d%ss, %s bytes app / %s bytes nginx): app %s req/s, nginx %s req/s, ratio %s (target >= 0.25)\n' \
    "$wrk_connections" "$wrk_seconds" "$app_bytes" "$nginx_bytes" "$app" "$nginx" \
    "$(awk -v a="$app" -v n="$nginx" 'BEGIN { printf "%.3f", a / n }')"
  if [ -z "${first_visit_done:-}" ]; then
    first_visit "http://127.0.0.1:$app_port"
    first_visit_done=1
  fi
  nginx -p "$work/nginx" -c "$nginx_conf" -s stop 2>/dev/null; nginx_conf=""
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
}

# Bytes on the wire with brotli, measured in Chromium: the page, and every
# asset it loads until it is hydrated and idle (lazily loaded wasm chunks too).
first_visit() {
  local base=$1
  echo "first visit of $page_path (Chromium, Accept-Encoding: br):"
  if [ -n "${BENCH_VERBOSE:-}" ]; then
    (cd end2end && node first-visit.mjs "$base$page_path")
  else
    (cd end2end && node first-visit.mjs "$base$page_path" | sort -n | tail -n 8)
  fi
}

run() {
  local engine=$1 n_offers=$2 n_reviews=$3 with_http=$4 url
  url=$(database_url "$engine" "bench_${n_offers}")
  log "$engine: seeding $n_offers offers, $n_reviews reviews"
  echo "$engine, $n_offers offers:"
  printf '  '; DATABASE_URL="$url" nice -n 10 "$bin" bench-seed "$n_offers" "$n_reviews" 2>/dev/null
  log "$engine: search server time"
  printf '  '; DATABASE_URL="$url" nice -n 10 "$bin" bench-search "$rounds" ${BENCH_VERBOSE:+-v}
  if [ "$with_http" = yes ]; then
    log "$engine: throughput (wrk)"
    throughput "$url"
    log "$engine: live updates (${BENCH_LIVE_SUBSCRIBERS:-1000} subscribers)"
    printf '  '; DATABASE_URL="$url" RUST_LOG=warn nice -n 10 "$bin" bench-live "${BENCH_LIVE_SUBSCRIBERS:-1000}" "${BENCH_LIVE_SAVES:-20}"
    alerts "$url"
    catchup "$url"
  fi
  [ "$engine" = sqlite ] && rm -f "$work/bench_${n_offers}.db"*
  return 0
}

alerts() {
  log "alert matching: ${BENCH_ALERT_LISTINGS:-20000} new listings against ${BENCH_ALERT_SEARCHES:-10000} saved searches"
  printf '  '; DATABASE_URL="$1" RUST_LOG=warn nice -n 10 "$bin" bench-alerts "${BENCH_ALERT_SEARCHES:-10000}" "${BENCH_ALERT_LISTINGS:-20000}"
}

catchup() {
  log "catch-up after a ${BENCH_CATCHUP_LISTINGS:-100000}-listing import"
  DATABASE_URL="$1" RUST_LOG=warn "$bin" bench-catchup "${BENCH_CATCHUP_LISTINGS:-100000}" | sed 's/^/  /'
}

openimmo() {
  local engine=$1 url
  url=$(database_url "$engine" bench_openimmo)
  log "$engine: OpenImmo import"
  printf '  '; DATABASE_URL="$url" RUST_LOG=warn nice -n 10 "$bin" bench-openimmo "${BENCH_OPENIMMO_LISTINGS:-20000}"
  [ "$engine" = sqlite ] && rm -f "$work/bench_openimmo.db"*
  return 0
}

if $first_visit_only; then
  app_port=$(free_port)
  start_server "sqlite://$work/demo.db?mode=rwc" "$app_port"
  first_visit "http://127.0.0.1:$app_port"
  exit 0
fi

started=$(date +%s)
echo "benchmark on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
if $catchup_only; then
  url=$(database_url postgres bench_catchup)
  log "postgres: seeding $offers offers, $reviews reviews"
  DATABASE_URL="$url" "$bin" bench-seed "$offers" "$reviews" 2>/dev/null | sed 's/^/  /'
  catchup "$url"
  exit 0
fi
if $alerts_only; then
  for engine in $dbs; do
    url=$(database_url "$engine" bench_alerts)
    log "$engine: seeding $offers offers, $reviews reviews"
    echo "$engine, $offers offers:"
    printf '  '; DATABASE_URL="$url" nice -n 10 "$bin" bench-seed "$offers" "${BENCH_ALERT_REVIEWS:-100000}" 2>/dev/null
    alerts "$url"
    [ "$engine" = sqlite ] && rm -f "$work/bench_alerts.db"*
  done
  exit 0
fi
for engine in $dbs; do
  run "$engine" "$offers" "$reviews" yes
  openimmo "$engine"
done
if $large; then
  for engine in $dbs; do
    run "$engine" 1000000 "${BENCH_LARGE_REVIEWS:-1000000}" no
  done
fi
echo "benchmark took $(( $(date +%s) - started )) s"
