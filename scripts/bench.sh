#!/usr/bin/env bash
# `make bench`: the performance benchmark. Seeds a large generated city
# (100,000 offers, 1,000,000 reviews by default) on SQLite and on a
# throwaway PostgreSQL cluster and prints, for each:
#   - search server time p50/p95/max of the results page's store call over
#     56 fixed queries (target p95 <= 10 ms),
#   - every public page type (start, results, offer, provider, project,
#     services, service, comparison, transparency, API lists) with wrk:
#     anonymous and signed-in (rendered) req/s and p99 against nginx serving
#     the identical bytes as a static file in the same run (targets 0.25 and
#     0.02 of nginx, p99 <= 50 ms), and the server's RSS after start and
#     after the load,
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
#                               reviews, default 1M): search time, start-up
#                               time and the page table with RSS
#   scripts/bench.sh --catchup  only the catch-up figures, on PostgreSQL
#   scripts/bench.sh --pages    only the page table (seed, then every page type);
#                               BENCH_SEEDED_URL=DATABASE_URL takes a city seeded
#                               before (`bench-seed`, e.g. 1M offers: ~20 min) as is
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
alerts_only=false pages_only=false
[ "${1:-}" = --alerts ] && alerts_only=true
[ "${1:-}" = --pages ] && pages_only=true
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

# A private nginx on `port` with the given `location` lines.
start_nginx_locations() {
  local port=$1 locations=$2
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
$locations  }
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

# wrk_stats URL [HEADER] → "req/s p99_ms"; wrk's socket errors (e.g.
# timeouts of slow pages) and non-2xx answers go to stderr.
wrk_stats() {
  local out
  out=$(wrk -t2 -c"$wrk_connections" -d"${wrk_seconds}s" --latency ${2:+-H "$2"} "$1")
  grep -i 'socket errors\|non-2xx' <<<"$out" | sed "s|^|  wrk $1: |" >&2 || true
  awk '/^Requests\/sec:/ {rps=$2}
       /^ +99%/ {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; p99=v}
       END {printf "%s %.1f", rps, p99}' <<<"$out"
}

# The server's RSS, and its two parts: anonymous (the process's own heap:
# catalogue, caches, SQLite's page cache) and file-backed (on SQLite mostly
# the database file's pages read through its mmap, which the kernel shares
# with its page cache and may drop).
rss_mb() {
  awk '/^VmRSS/ {r=$2} /^RssAnon/ {a=$2} /^RssFile/ {f=$2}
       END {printf "%d MB (anonymous %d MB, file-backed %d MB)", r / 1024, a / 1024, f / 1024}' "/proc/$server_pid/status"
}

# first_link HTML PATTERN → the first href matching PATTERN (a grep -E regex).
first_link() { { grep -oE "href=\"$2\"" <<<"$1" || true; } | head -n 1 | sed -E 's/^href="//; s/"$//'; }

# Every public page type: anonymous (page cache where there is one) and
# signed in (rendered, nothing cached), each against nginx serving the
# identical bytes as a static file, all in this run; RSS after start and
# after the load.
pages() {
  local url=$1 app_port nginx_port base
  app_port=$(free_port)
  local t0; t0=$(date +%s%N)
  start_server "$url" "$app_port" SCD_DEMO=0
  echo "  ready (/readyz) after $(( ($(date +%s%N) - t0) / 1000000 )) ms (target at 1M offers: 20 s)"
  base="http://127.0.0.1:$app_port"
  local rss_start; rss_start=$(rss_mb)
  # Signed in (an administrator account: `admin create` is the one way in
  # without mail), as a browser would.
  DATABASE_URL="$url" SCD_ADMIN_PASSWORD="bench password 1234" "$bin" admin create bench-user@example.org "Bench User" >/dev/null 2>&1 || true
  local session
  session=$(curl -sS -o /dev/null -D - -H "Origin: $base" -H "Accept: text/html" \
    --data-urlencode email=bench-user@example.org --data-urlencode "password=bench password 1234" "$base/anmelden" \
    | { grep -io 'scd_sitzung=[^;]*' || true; } | head -n 1)
  [ -n "$session" ] || { echo "  could not sign in for the rendered figures" >&2; return 1; }
  local results offer provider project service ids
  results=$(curl -fsS "$base/angebote?q=wohnung")
  offer=$(first_link "$results" '/angebote/[0-9]+-[^"#?]*')
  # Three offers of one category: the comparison refuses a mix.
  ids=$({ curl -fsS "$base/angebote?kategorie=wohnen-mieten" | grep -oE 'name="angebote" value="[0-9]+"' || true; } | head -n 3 | grep -oE '[0-9]+' | sed 's/^/angebote=/' | paste -sd'&')
  provider=$(first_link "$(curl -fsS "$base$offer")" '/anbieter/[0-9]+-[^"#?/]*')
  project=$(first_link "$(curl -fsS "$base/angebote?kategorie=wohnen&sortierung=neueste")" '/projekte/[^"#?]*')
  service=$(first_link "$(curl -fsS "$base/verwaltung")" '/verwaltung/[a-z0-9-]+')
  local -a names=(start results results-all offer provider project services service comparison transparency api-offers api-providers)
  local -a paths=("/" "$page_path" "/angebote" "$offer" "$provider" "$project" "/verwaltung" "$service" "/vergleich?$ids" "/transparenz" "/api/v1/offers?q=wohnung" "/api/v1/providers")
  mkdir -p "$work/nginx/pages"
  local locations="" i
  for i in "${!names[@]}"; do
    [ -n "${paths[$i]}" ] || continue
    local type=text/html
    [[ "${paths[$i]}" == /api/* ]] && type=application/json
    curl -fsS "$base${paths[$i]}" -o "$work/nginx/pages/${names[$i]}"
    locations+="    location = /${names[$i]} { default_type $type; alias $work/nginx/pages/${names[$i]}; }"$'\n'
  done
  nginx_port=$(free_port)
  start_nginx_locations "$nginx_port" "$locations"
  printf '  %-13s %7s %9s %9s %9s %6s %7s %8s %8s\n' page bytes "anon r/s" "rendr r/s" "nginx r/s" anon/n rendr/n "p99 anon" "p99 rndr"
  for i in "${!names[@]}"; do
    if [ -z "${paths[$i]}" ]; then
      printf '  %-13s (none in this city)\n' "${names[$i]}"
      continue
    fi
    local anon rendered nginx bytes
    bytes=$(wc -c <"$work/nginx/pages/${names[$i]}")
    anon=$(wrk_stats "$base${paths[$i]}")
    rendered=$(wrk_stats "$base${paths[$i]}" "Cookie: $session")
    nginx=$(wrk_stats "http://127.0.0.1:$nginx_port/${names[$i]}")
    awk -v n="${names[$i]}" -v b="$bytes" -v a="$anon" -v r="$rendered" -v x="$nginx" 'BEGIN {
      split(a, A, " "); split(r, R, " "); split(x, X, " ")
      x = X[1] > 0 ? X[1] : 1
      printf "  %-13s %7d %9.0f %9.0f %9.0f %6.3f %7.4f %6.1fms %6.1fms\n", n, b, A[1], R[1], X[1], A[1] / x, R[1] / x, A[2], R[2] }'
  done
  echo "  (targets: anon/nginx >= 0.25, rendered/nginx >= 0.02, p99 <= 50 ms; wrk -t2 -c$wrk_connections -d${wrk_seconds}s)"
  echo "  server RSS: ${rss_start} after start, $(rss_mb) after the load (targets 150 / 200 MB)"
  if [ -z "${first_visit_done:-}" ] && [ -z "${BENCH_SKIP_FIRST_VISIT:-}" ]; then
    first_visit "$base"
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
    log "$engine: every page type against nginx (wrk)"
    pages "$url"
    log "$engine: live updates (${BENCH_LIVE_SUBSCRIBERS:-1000} subscribers)"
    printf '  '; DATABASE_URL="$url" RUST_LOG=warn nice -n 10 "$bin" bench-live "${BENCH_LIVE_SUBSCRIBERS:-1000}" "${BENCH_LIVE_SAVES:-20}"
    alerts "$url"
    catchup "$url"
  else
    log "$engine: every page type against nginx (wrk)"
    BENCH_SKIP_FIRST_VISIT=1 pages "$url"
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
# only_on_each_engine NAME REVIEWS STEP: seeds a fresh city per engine and runs STEP URL.
only_on_each_engine() {
  local name=$1 n_reviews=$2 step=$3 url
  for engine in $dbs; do
    url=$(database_url "$engine" "$name")
    log "$engine: seeding $offers offers, $n_reviews reviews"
    echo "$engine, $offers offers, $n_reviews reviews:"
    printf '  '; DATABASE_URL="$url" nice -n 10 "$bin" bench-seed "$offers" "$n_reviews" 2>/dev/null
    "$step" "$url"
    [ "$engine" = sqlite ] && rm -f "$work/$name.db"*
  done
  return 0
}
if $pages_only && [ -n "${BENCH_SEEDED_URL:-}" ]; then
  echo "the city in $BENCH_SEEDED_URL:"
  BENCH_SKIP_FIRST_VISIT=1 pages "$BENCH_SEEDED_URL"
  exit 0
fi
if $pages_only; then
  BENCH_SKIP_FIRST_VISIT=1 only_on_each_engine bench_pages "$reviews" pages
  exit 0
fi
if $alerts_only; then
  only_on_each_engine bench_alerts "${BENCH_ALERT_REVIEWS:-100000}" alerts
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
