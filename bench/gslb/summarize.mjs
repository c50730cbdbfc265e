// Turns dnsperf outputs into bench/results/gslb.md: throughput, latency percentiles and ratios.
// Usage: node summarize.mjs SECS RATE name max.txt lat.txt [name max.txt lat.txt ...]
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { execFileSync } from "node:child_process";

const [secs, rate, ...rest] = process.argv.slice(2);
const rows = [];
for (let i = 0; i < rest.length; i += 3) {
  const [name, maxFile, latFile] = rest.slice(i, i + 3);
  const max = readFileSync(maxFile, "utf8");
  const lat = readFileSync(latFile, "utf8");
  const num = (re, text) => Number(re.exec(text)?.[1] ?? NaN);
  const samples = [...lat.matchAll(/^> (\w+) \S+ \S+ ([0-9.]+)$/gm)].map((m) => Number(m[2]) * 1000).sort((a, b) => a - b);
  const rcodes = new Set([...lat.matchAll(/^> (\w+) /gm)].map((m) => m[1]));
  const pct = (p) => (samples.length ? samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))] : NaN);
  rows.push({
    name,
    qps: num(/Queries per second:\s+([0-9.]+)/, max),
    avgMs: num(/Average Latency \(s\):\s+([0-9.]+)/, max) * 1000,
    lost: /Queries lost:\s+(\d+ \([0-9.]+%\))/.exec(max)?.[1] ?? "?",
    latQps: num(/Queries per second:\s+([0-9.]+)/, lat),
    p50: pct(50),
    p90: pct(90),
    p99: pct(99),
    p999: pct(99.9),
    n: samples.length,
    rcodes: [...rcodes].join(","),
  });
}
const by = Object.fromEntries(rows.map((r) => [r.name, r]));
const f = (x, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");
const version = (cmd, args, re) => {
  try {
    return re.exec(execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }))?.[1] ?? "?";
  } catch (e) {
    return re.exec(`${e.stdout ?? ""}${e.stderr ?? ""}`)?.[1] ?? "?";
  }
};
const out = [];
out.push("# GSLB benchmark: hactl vs gdnsd vs PowerDNS (Lua ifurlup)");
out.push("");
out.push(`Recorded by \`bench/gslb/run.sh ${secs}\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), Node ${process.version}, ` +
  `gdnsd ${version("gdnsd", ["-h"], /gdnsd version ([0-9.]+)/)}, PowerDNS ${version("pdns_server", ["--version"], /Authoritative Server ([0-9.]+)/)}, dnsperf ${version("dnsperf", ["-h"], /Version ([0-9.]+)/)}.`);
out.push("");
out.push("Same machine, same zone (`gslb.bench`), same record: `www.gslb.bench A`, failover from 127.0.0.1 (up) to 127.0.0.2 (down),");
out.push("HTTP health check of `:18080/healthz` every 2 s. hactl: `strategy: failover`, one Node process; gdnsd: `simplefo` +");
out.push("`http_status` (default threads); PowerDNS: bind backend, `LUA A \"ifurlup(...)\"`, default settings (packet cache on).");
out.push(`Throughput: dnsperf 1 thread, 20 clients, 200 queries outstanding, ${secs} s. Latency: dnsperf at a fixed ${rate} qps for 10 s, every response timed (\`-v\`).`);
out.push("");
out.push("| server | QPS (max) | avg latency at max (ms) | lost | latency run QPS | p50 (ms) | p90 (ms) | p99 (ms) | p99.9 (ms) | rcodes |");
out.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
for (const r of rows) out.push(`| ${r.name} | ${f(r.qps, 0)} | ${f(r.avgMs)} | ${r.lost} | ${f(r.latQps, 0)} | ${f(r.p50)} | ${f(r.p90)} | ${f(r.p99)} | ${f(r.p999)} | ${r.rcodes} |`);
out.push("");
if (by.hactl && by.gdnsd && by.pdns) {
  const vsPdns = by.hactl.qps / by.pdns.qps;
  const vsGdnsd = by.hactl.qps / by.gdnsd.qps;
  out.push(`Ratios: hactl / PowerDNS-Lua = **${f(vsPdns, 2)}×** (target ≥ 1), hactl / gdnsd = **${f(vsGdnsd, 2)}×** (target ≥ 0.5); ` +
    `p99 at ${rate} qps: hactl ${f(by.hactl.p99)} ms, gdnsd ${f(by.gdnsd.p99)} ms, PowerDNS ${f(by.pdns.p99)} ms.`);
  out.push("");
  out.push(`Targets: ${vsPdns >= 1 ? "met" : "NOT met"} for PowerDNS-Lua, ${vsGdnsd >= 0.5 ? "met" : "NOT met"} for gdnsd.`);
  if (by["node-echo"]) {
    out.push("");
    out.push(`\`node-echo\` is Node's own dgram ceiling on this machine (a fixed, valid reply with the query's ID; no parsing, no decision): hactl reaches **${f((by.hactl.qps / by["node-echo"].qps) * 100, 0)}%** of it. The rest of the gap to gdnsd is ` +
      `Node's per-datagram cost (one recv and one send system call per query: Node 20 has no recvmmsg/sendmmsg and no SO_REUSEPORT), ` +
      `not hactl's answer path (≈ 2 µs per query in-process).`);
  }
}
out.push("");
out.push("dnsperf shares the two cores with the server under test, so absolute numbers are lower than on a dedicated load generator; the ratios are what this benchmark is for.");
console.log(out.join("\n"));
