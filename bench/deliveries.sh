#!/usr/bin/env bash
# Benchmark: signed deliveries per CPU-second of the delivery worker, against a loopback sink,
# as a ratio to RSA-2048 signatures per CPU-second of `openssl speed` in the same run.
# Goal (issue 4): ratio >= 0.6. Usage: bench/deliveries.sh [deliveries, default 20000]
#
# The sink is nginx answering 202 to every POST, on PORTS loopback ports, pinned to core 0.
# Each port is a distinct instance for Ensemble (hosts are `host:port`), so the run spreads
# over many instances, each with its own keep-alive connections and health row, without
# needing DNS names for loopback. Deliveries are queued first (`ensemble bench
# queue-deliveries`, a hidden command for this script), then one process pinned to core 1
# delivers them all (`ensemble bench deliver`, the worker's own code): its user + system CPU
# time is what the rate divides by. openssl runs afterwards on core 0, on its own.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
count="${1:-20000}"
ports=20
first_port=47300

need() { command -v "$1" >/dev/null 2>&1; }
if ! need nginx; then
    if [[ $(id -u) -eq 0 ]]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
    else
        echo "bench: nginx is needed (apt-get install nginx-light)" >&2
        exit 2
    fi
fi
for tool in openssl taskset; do
    need "$tool" || { echo "bench: $tool is needed" >&2; exit 2; }
done
[[ $(nproc) -ge 2 ]] || { echo "bench: needs two cores (sink and worker pinned apart)" >&2; exit 2; }

echo "==> building the release binary"
cargo build --release --locked -p ensemble_server -q
bin="$(pwd)/target/release/ensemble"

work="$(mktemp -d)"
nginx_pid=""
cleanup() {
    [[ -n $nginx_pid ]] && kill "$nginx_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

listen=""
for ((p = first_port; p < first_port + ports; p++)); do listen+="listen 127.0.0.1:$p; "; done
mkdir -p "$work/tmp"
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp; uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
    client_body_buffer_size 64k;
    server { $listen location / { return 202; } }
}
CONF
taskset -c 0 nginx -c "$work/nginx.conf" &
nginx_pid=$!
sleep 0.5

export ENSEMBLE_DATA_DIR="$work/data" ENSEMBLE_BASE_URL="http://127.0.0.1:47399"
# The sink is on loopback, over plain http: only a benchmark may allow that.
export ENSEMBLE_FEDERATION__ALLOW_PRIVATE_NETWORKS=true
export RUST_LOG=warn

echo "==> queueing $count deliveries over $ports instances (ports $first_port-$((first_port + ports - 1)))"
(cd "$work" && timeout 300 "$bin" bench queue-deliveries --count "$count" --first-port "$first_port" --ports "$ports") >/dev/null

echo "==> delivering, worker pinned to core 1"
TIMEFORMAT='%R %U %S'
{ time (cd "$work" && timeout 600 taskset -c 1 "$bin" bench deliver >"$work/delivered"); } 2>"$work/time"
read -r wall user sys <"$work/time"
delivered=$(cat "$work/delivered")
left=$(cd "$work" && "$bin" federation queue | awk 'NR > 1 { q += $2; f += $3 } END { print q + 0, f + 0 }')

echo "==> openssl speed -seconds 5 rsa2048, pinned to core 0"
signs=$(taskset -c 0 openssl speed -seconds 5 rsa2048 2>/dev/null | awk '
    /sign\/s/ { for (i = 1; i <= NF; i++) if ($i == "sign/s") col = i + 3 }
    /^rsa +2048 bits/ && col { print $col }')

rate=$(awk -v n="$delivered" -v u="$user" -v s="$sys" 'BEGIN { printf "%.0f", n / (u + s) }')
ratio=$(awk -v r="$rate" -v o="$signs" 'BEGIN { printf "%.3f", r / o }')
echo "attempts:         $delivered (queued / failed afterwards: $left)"
echo "worker:           ${wall}s wall, $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')s CPU"
echo "deliveries:       $rate per CPU-second"
echo "openssl rsa2048:  $signs signs per CPU-second"
echo "ratio:            $ratio (goal >= 0.6)"
