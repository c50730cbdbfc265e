#!/usr/bin/env bash
# Benchmark: dnsperf against hactl gslb, gdnsd (simplefo + http_status monitor) and PowerDNS (bind
# backend, Lua `ifurlup` record), on this machine, for the same zone and the same failover record.
# hactl runs twice: on its default UDP path (the native recvmmsg/sendmmsg addon when built) and
# forced onto Node's dgram (HACTL_GSLB_UDP=dgram); node-echo and native-echo are the ceilings of
# those two I/O paths. The whole sequence is repeated RUNS times (default 3) and the summary takes
# medians, since the machine may be shared.
# Installs its peers with apt. Writes bench/results/gslb.md. Usage: [RUNS=n] bench/gslb/run.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
SECS=${1:-15}
RATE=${LATENCY_QPS:-10000}
RUNS=${RUNS:-3}
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
[ -f native/build/Release/gslb_udp.node ] || node native/build.mjs

# The health endpoint: 127.0.0.1 is up, 127.0.0.2 (the secondary) is not listening.
node -e 'require("http").createServer((q,s)=>{s.end("ok")}).listen(18080,"127.0.0.1")' &
PIDS+=($!)

# --- hactl (default UDP path, then forced onto dgram) ---
hactl_config() {
cat <<YAML
apiVersion: hactl.dev/v1alpha1
kind: GSLB
metadata: { name: bench }
spec:
  gslb:
    zones: [{ name: gslb.bench, nameservers: [{ name: ns1.gslb.bench, addresses: [127.0.0.1] }], negativeTtl: 30s }]
    listen: { dns: "127.0.0.1:$1", admin: "127.0.0.1:$2" }
  hostnames:
    - name: www.gslb.bench
      strategy: failover
      ttl: 30s
      healthCheck: { protocol: HTTP, port: 18080, path: /healthz, interval: 2s, timeout: 1s, fall: 2, rise: 2 }
      targets:
        - { cluster: primary, addresses: [127.0.0.1] }
        - { cluster: secondary, addresses: [127.0.0.2] }
YAML
}
hactl_config 5301 8301 > "$W/hactl.yaml"
hactl_config 5306 8306 > "$W/hactl-dgram.yaml"
node dist/cli/hactl.js gslb serve -f "$W/hactl.yaml" --log-level warn > "$W/hactl.log" 2>&1 &
PIDS+=($!)
HACTL_GSLB_UDP=dgram node dist/cli/hactl.js gslb serve -f "$W/hactl-dgram.yaml" --log-level warn > "$W/hactl-dgram.log" 2>&1 &
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
# The same through the native addon (batched recvmmsg/sendmmsg), when it is built.
if [ -f native/build/Release/gslb_udp.node ]; then
  node bench/gslb/native-echo.mjs 5305 &
  PIDS+=($!)
fi

sleep 5
echo "www.gslb.bench A" > "$W/queries.txt"
for s in "hactl 5301" "hactl-dgram 5306" "gdnsd 5302" "pdns 5303"; do
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
echo "all answer www.gslb.bench A = 127.0.0.1 (primary up, secondary down)"
# Which UDP path each hactl serves on, for the record.
udp_path() { node -e 'fetch(`http://127.0.0.1:${process.argv[1]}/status`).then((r) => r.json()).then((j) => console.log(j.dns.udp.detail))' "$1"; }
UDP_HACTL=$(udp_path 8301)
UDP_DGRAM=$(udp_path 8306)
echo "hactl: $UDP_HACTL"
echo "hactl-dgram: $UDP_DGRAM"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

SERVERS=("hactl 5301" "hactl-dgram 5306" "gdnsd 5302" "pdns 5303" "node-echo 5304")
[ -f native/build/Release/gslb_udp.node ] && SERVERS+=("native-echo 5305")
for run in $(seq 1 "$RUNS"); do
  for s in "${SERVERS[@]}"; do
    set -- $s
    echo "== run $run/$RUNS, $1: throughput ($SECS s, 1 dnsperf thread, 20 clients, 200 outstanding)"
    dnsperf -s 127.0.0.1 -p "$2" -d "$W/queries.txt" -l "$SECS" -c 20 -q 200 -T 1 > "$W/$1.max.$run.txt" 2>&1 || true
    grep -E "Queries per second" "$W/$1.max.$run.txt" || true
    echo "== run $run/$RUNS, $1: latency at $RATE qps (10 s, every response timed)"
    dnsperf -s 127.0.0.1 -p "$2" -d "$W/queries.txt" -l 10 -c 20 -Q "$RATE" -T 1 -v > "$W/$1.lat.$run.txt" 2>&1 || true
  done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
results=()
for s in "${SERVERS[@]}"; do
  set -- $s
  maxes=$(seq 1 "$RUNS" | sed "s|.*|$W/$1.max.&.txt|" | paste -sd, -)
  lats=$(seq 1 "$RUNS" | sed "s|.*|$W/$1.lat.&.txt|" | paste -sd, -)
  results+=("$1" "$maxes" "$lats")
done
UDP_HACTL="$UDP_HACTL" UDP_DGRAM="$UDP_DGRAM" LOAD_BEFORE="$LOAD_BEFORE" LOAD_AFTER="$LOAD_AFTER" \
  node bench/gslb/summarize.mjs "$SECS" "$RATE" "${results[@]}" | tee bench/results/gslb.md
