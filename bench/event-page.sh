#!/usr/bin/env bash
# Benchmark: the public page of an event with 500 participants and 200 comments, served by
# Ensemble (release build, SQLite) to visitors without an account, against nginx serving the
# same bytes as a static file, all under wrk on loopback in the same run: three interleaved
# rounds (nginx, Ensemble with its page cache as configured by default, Ensemble rendering
# every request), ratios per round and their median. Goal (issue 3): cached ratio >= 0.5.
# Usage: bench/event-page.sh [seconds per run, default 10]
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
app_pid=""; nginx_pid=""; raw_pid=""
cleanup() {
    [[ -n $app_pid ]] && kill "$app_pid" 2>/dev/null || true
    [[ -n $raw_pid ]] && kill "$raw_pid" 2>/dev/null || true
    [[ -n $nginx_pid ]] && kill "$nginx_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

app_port=47100; static_port=47101; raw_port=47102
export ENSEMBLE_DATA_DIR="$work/data" ENSEMBLE_LISTEN="127.0.0.1:$app_port" ENSEMBLE_BASE_URL="http://127.0.0.1:$app_port"
export RUST_LOG=warn

echo "==> seeding: 500 participants, 200 comments (takes a minute: each identity gets its keys)"
url="$(cd "$work" && "$bin" demo --crowd 500 --comments 200 | tail -n 1)"
path="${url#http://127.0.0.1:$app_port}"

(cd "$work" && exec "$bin" serve) >"$work/app.log" 2>&1 &
app_pid=$!
# The same instance on the same database, with the page cache off: every request renders.
(cd "$work" && ENSEMBLE_LISTEN="127.0.0.1:$raw_port" ENSEMBLE_EVENTS__VISITOR_CACHE_SECONDS=0 exec "$bin" serve) >"$work/raw.log" 2>&1 &
raw_pid=$!
for port in $app_port $raw_port; do
    for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
done

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
# nginx's workers run as an unprivileged user: they must be able to read the page.
chmod a+rx "$work" "$work/static"
chmod a+r "$work/static/page.html"
nginx -c "$work/nginx.conf" &
nginx_pid=$!
sleep 0.5
# The reference must serve the very same bytes, not an error page.
curl -fs "http://127.0.0.1:$static_port/page.html" | cmp -s - "$work/static/page.html" \
    || { echo "bench: nginx does not serve the page" >&2; exit 1; }

# Requests per second; a run with any answer other than 2xx/3xx is void.
run() {
    wrk -t2 -c32 -d"${duration}s" "$1" >"$work/wrk"
    if grep -q 'Non-2xx' "$work/wrk"; then echo "bench: $1 answered errors" >&2; cat "$work/wrk" >&2; exit 1; fi
    awk '/Requests\/sec/ {print $2}' "$work/wrk"
}
ratio() { awk -v a="$1" -v s="$2" 'BEGIN { printf "%.3f", a / s }'; }
median() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
echo "==> wrk, ${duration}s per run, 2 threads, 32 connections, loopback; 3 interleaved rounds"
cached=(); rendered=()
for round in 1 2 3; do
    static_rps=$(run "http://127.0.0.1:$static_port/page.html")
    app_rps=$(run "http://127.0.0.1:$app_port$path")
    raw_rps=$(run "http://127.0.0.1:$raw_port$path")
    cached+=("$(ratio "$app_rps" "$static_rps")"); rendered+=("$(ratio "$raw_rps" "$static_rps")")
    echo "round $round: nginx $static_rps req/s, ensemble (cache) $app_rps req/s, ensemble (no cache) $raw_rps req/s"
done
echo "ratio with the page cache (median): $(median "${cached[@]}") (goal >= 0.5)"
echo "ratio rendering every request (median): $(median "${rendered[@]}")"
