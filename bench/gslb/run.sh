#!/usr/bin/env bash
# Benchmark: dnsperf against hactl gslb, gdnsd (simplefo + http_status monitor) and PowerDNS (bind
# backend, Lua `ifurlup` record), on this machine, for the same zone and the same failover record.
# Installs its peers with apt. Writes bench/results/gslb.md. Usage: bench/gslb/run.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
SECS=${1:-15}
RATE=${LATENCY_QPS:-10000}
W=$(mktemp -d /tmp/hactl-bench.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

need=""
for p in dnsperf gdnsd pdns-server pdns-backend-bind dnsutils; do dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"; done
if [ -n "$need" ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null
fi
[ -f dist/cli/hactl.js ] || npm run build >/dev/null

# The health endpoint: 127.0.0.1 is up, 127.0.0.2 (the secondary) is not listening.
node -e 'require("http").createServer((q,s)=>{s.end("ok")}).listen(18080,"127.0.0.1")' &
PIDS+=($!)

# --- hactl ---
cat > "$W/hactl.yaml" <<YAML
apiVersion: hactl.dev/v1alpha1
kind: GSLB
metadata: { name: bench }
spec:
  gslb:
    zones: [{ name: gslb.bench, nameservers: [{ name: ns1.gslb.bench, addresses: [127.0.0.1] }], negativeTtl: 30s }]
    listen: { dns: "127.0.0.1:5301", admin: "127.0.0.1:8301" }
  hostnames:
    - name: www.gslb.bench
      strategy: failover
      ttl: 30s
      healthCheck: { protocol: HTTP, port: 18080, path: /healthz, interval: 2s, timeout: 1s, fall: 2, rise: 2 }
      targets:
        - { cluster: primary, addresses: [127.0.0.1] }
        - { cluster: secondary, addresses: [127.0.0.2] }
YAML
node dist/cli/hactl.js gslb serve -f "$W/hactl.yaml" --log-level warn > "$W/hactl.log" 2>&1 &
PIDS+=($!)

# --- gdnsd ---
mkdir -p "$W/gdnsd/zones" "$W/gdnsd/run" "$W/gdnsd/state"
cat > "$W/gdnsd/config" <<CONF
options => { listen => [ 127.0.0.1:5302 ], run_dir => $W/gdnsd/run, state_dir => $W/gdnsd/state }
service_types => {
  web => { plugin => http_status, port => 18080, url_path => /healthz, interval => 2, timeout => 1, up_thresh => 2, down_thresh => 2, ok_thresh => 2 }
}
plugins => { simplefo => { www => { primary => 127.0.0.1, secondary => 127.0.0.2, service_types => web } } }
CONF
cat > "$W/gdnsd/zones/gslb.bench" <<ZONE
@ 3600 SOA ns1 hostmaster 1 3600 600 604800 30
@ 3600 NS ns1
ns1 3600 A 127.0.0.1
www 30 DYNA simplefo!www
ZONE
gdnsd -c "$W/gdnsd" start > "$W/gdnsd.log" 2>&1 &
PIDS+=($!)

# --- PowerDNS with a Lua ifurlup record ---
mkdir -p "$W/pdns"
cat > "$W/pdns/gslb.bench.zone" <<ZONE
\$ORIGIN gslb.bench.
@ 3600 IN SOA ns1.gslb.bench. hostmaster.gslb.bench. 1 3600 600 604800 30
@ 3600 IN NS ns1.gslb.bench.
ns1 3600 IN A 127.0.0.1
www 30 IN LUA A "ifurlup('http://www.gslb.bench:18080/healthz', {{'127.0.0.1'}, {'127.0.0.2'}})"
ZONE
echo "zone \"gslb.bench\" { type master; file \"$W/pdns/gslb.bench.zone\"; };" > "$W/pdns/named.conf"
touch "$W/pdns/pdns.conf"
pdns_server --config-dir="$W/pdns" --daemon=no --guardian=no --disable-syslog --write-pid=no --socket-dir="$W/pdns" \
  --local-address=127.0.0.1 --local-port=5303 --launch=bind --bind-config="$W/pdns/named.conf" --enable-lua-records=yes \
  --loglevel=3 > "$W/pdns.log" 2>&1 &
PIDS+=($!)

# The floor: Node's dgram answering a fixed packet (no parsing, no decision).
node bench/gslb/node-echo.mjs 5304 &
PIDS+=($!)

sleep 5
echo "www.gslb.bench A" > "$W/queries.txt"
for s in "hactl 5301" "gdnsd 5302" "pdns 5303"; do
  set -- $s
  # PowerDNS starts checking an ifurlup address on its first query and calls it down until then.
  for _ in $(seq 1 30); do
    got=$(dig @127.0.0.1 -p "$2" +norec +short +time=1 +tries=1 www.gslb.bench A 2>/dev/null || true)
    [ "$got" = "127.0.0.1" ] && break
    sleep 1
  done
  if [ "$got" != "127.0.0.1" ]; then
    echo "$1 answered '$got' instead of 127.0.0.1; logs in $W" >&2
    tail -20 "$W/$1.log" >&2 || true
    exit 1
  fi
done
echo "all three answer www.gslb.bench A = 127.0.0.1 (primary up, secondary down)"

results=()
for s in "hactl 5301" "gdnsd 5302" "pdns 5303" "node-echo 5304"; do
  set -- $s
  echo "== $1: throughput ($SECS s, 1 dnsperf thread, 20 clients, 200 outstanding)"
  dnsperf -s 127.0.0.1 -p "$2" -d "$W/queries.txt" -l "$SECS" -c 20 -q 200 -T 1 > "$W/$1.max.txt" 2>&1 || true
  echo "== $1: latency at $RATE qps (10 s, every response timed)"
  dnsperf -s 127.0.0.1 -p "$2" -d "$W/queries.txt" -l 10 -c 20 -Q "$RATE" -T 1 -v > "$W/$1.lat.txt" 2>&1 || true
  results+=("$1" "$W/$1.max.txt" "$W/$1.lat.txt")
done
node bench/gslb/summarize.mjs "$SECS" "$RATE" "${results[@]}" | tee bench/results/gslb.md
