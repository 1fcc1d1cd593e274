#!/usr/bin/env bash
# Benchmark: the public page of an event with 500 participants and 200 comments, served by
# Ensemble (release build, SQLite), against nginx serving the same bytes as a static file,
# both under wrk on loopback in the same run. Prints requests per second and their ratio.
# Goal (issue 3): ratio >= 0.5. Usage: bench/event-page.sh [seconds per run, default 10]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
duration="${1:-10}"

need() { command -v "$1" >/dev/null 2>&1; }
if ! need wrk || ! need nginx; then
    if [[ $(id -u) -eq 0 ]]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light >/dev/null
    else
        echo "bench: wrk and nginx are needed (apt-get install wrk nginx-light)" >&2
        exit 2
    fi
fi

echo "==> building the release binary"
cargo build --release --locked -p ensemble_server -q
bin="$(pwd)/target/release/ensemble"

work="$(mktemp -d)"
app_pid=""; nginx_pid=""
cleanup() {
    [[ -n $app_pid ]] && kill "$app_pid" 2>/dev/null || true
    [[ -n $nginx_pid ]] && kill "$nginx_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

app_port=47100; static_port=47101
export ENSEMBLE_DATA_DIR="$work/data" ENSEMBLE_LISTEN="127.0.0.1:$app_port" ENSEMBLE_BASE_URL="http://127.0.0.1:$app_port"
export RUST_LOG=warn

echo "==> seeding: 500 participants, 200 comments (takes a minute: each identity gets its keys)"
url="$(cd "$work" && "$bin" demo --crowd 500 --comments 200 | tail -n 1)"
path="${url#http://127.0.0.1:$app_port}"

(cd "$work" && exec "$bin" serve) >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$app_port/healthz" >/dev/null && break; sleep 0.2; done

mkdir -p "$work/static"
curl -fs "http://127.0.0.1:$app_port$path" -o "$work/static/page.html"
bytes=$(wc -c <"$work/static/page.html")
shown=$(grep -c 'id="comment-' "$work/static/page.html" || true)
echo "page: $bytes bytes, $shown comments shown"

cat >"$work/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    default_type text/html;
    client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp; uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
    server { listen 127.0.0.1:$static_port; root $work/static; }
}
CONF
mkdir -p "$work/tmp"
nginx -c "$work/nginx.conf" &
nginx_pid=$!
sleep 0.5

run() { wrk -t2 -c32 -d"${duration}s" "$1" | awk '/Requests\/sec/ {print $2}'; }
echo "==> wrk, ${duration}s each, 2 threads, 32 connections, loopback"
static_rps=$(run "http://127.0.0.1:$static_port/page.html")
app_rps=$(run "http://127.0.0.1:$app_port$path")
ratio=$(awk -v a="$app_rps" -v s="$static_rps" 'BEGIN { printf "%.3f", a / s }')
echo "static (nginx): $static_rps req/s"
echo "ensemble:       $app_rps req/s"
echo "ratio:          $ratio (goal >= 0.5)"
