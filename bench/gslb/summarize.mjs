// Turns dnsperf outputs into bench/results/gslb.md: throughput, latency percentiles and ratios,
// as medians over the runs (QPS also as min–max).
// Usage: node summarize.mjs SECS RATE name max1.txt[,max2.txt...] lat1.txt[,lat2.txt...] [name ...]
// Environment (from run.sh): UDP_HACTL, UDP_DGRAM (which UDP path each hactl served on),
// LOAD_BEFORE, LOAD_AFTER (load averages around the measurements).
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { execFileSync } from "node:child_process";

const [secs, rate, ...rest] = process.argv.slice(2);
const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const num = (re, text) => Number(re.exec(text)?.[1] ?? NaN);
const rows = [];
let runs = 0;
for (let i = 0; i < rest.length; i += 3) {
  const [name, maxFiles, latFiles] = rest.slice(i, i + 3);
  const maxes = maxFiles.split(",").map((f) => readFileSync(f, "utf8"));
  const lats = latFiles.split(",").map((f) => readFileSync(f, "utf8"));
  runs = Math.max(runs, maxes.length);
  const qpsRuns = maxes.map((t) => num(/Queries per second:\s+([0-9.]+)/, t));
  const perLat = lats.map((lat) => {
    const samples = [...lat.matchAll(/^> (\w+) \S+ \S+ ([0-9.]+)$/gm)].map((m) => Number(m[2]) * 1000).sort((a, b) => a - b);
    const pct = (p) => (samples.length ? samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))] : NaN);
    return { qps: num(/Queries per second:\s+([0-9.]+)/, lat), p50: pct(50), p90: pct(90), p99: pct(99), p999: pct(99.9), rcodes: [...lat.matchAll(/^> (\w+) /gm)].map((m) => m[1]) };
  });
  const lost = maxes.map((t) => Number(/Queries lost:\s+(\d+)/.exec(t)?.[1] ?? NaN));
  const sent = maxes.map((t) => Number(/Queries sent:\s+(\d+)/.exec(t)?.[1] ?? NaN));
  rows.push({
    name,
    qps: median(qpsRuns),
    qpsMin: Math.min(...qpsRuns.filter(Number.isFinite)),
    qpsMax: Math.max(...qpsRuns.filter(Number.isFinite)),
    avgMs: median(maxes.map((t) => num(/Average Latency \(s\):\s+([0-9.]+)/, t) * 1000)),
    lostPct: (100 * lost.reduce((a, b) => a + b, 0)) / sent.reduce((a, b) => a + b, 0),
    latQps: median(perLat.map((l) => l.qps)),
    p50: median(perLat.map((l) => l.p50)),
    p90: median(perLat.map((l) => l.p90)),
    p99: median(perLat.map((l) => l.p99)),
    p999: median(perLat.map((l) => l.p999)),
    rcodes: [...new Set(perLat.flatMap((l) => l.rcodes))].join(","),
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
out.push(`Recorded by \`RUNS=${runs} bench/gslb/run.sh ${secs}\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), Node ${process.version}, ` +
  `gdnsd ${version("gdnsd", ["-h"], /gdnsd version ([0-9.]+)/)}, PowerDNS ${version("pdns_server", ["--version"], /Authoritative Server ([0-9.]+)/)}, dnsperf ${version("dnsperf", ["-h"], /Version ([0-9.]+)/)}.`);
if (process.env.LOAD_BEFORE) out.push(`Load average (1/5/15 min) before: ${process.env.LOAD_BEFORE}, after: ${process.env.LOAD_AFTER ?? "?"} — other jobs shared the machine; every figure is the median of ${runs} run${runs === 1 ? "" : "s"}, taken in turn.`);
out.push("");
out.push("Same machine, same zone (`gslb.bench`), same record: `www.gslb.bench A`, failover from 127.0.0.1 (up) to 127.0.0.2 (down),");
out.push("HTTP health check of `:18080/healthz` every 2 s. hactl: `strategy: failover`, one Node process; gdnsd: `simplefo` +");
out.push("`http_status` (default threads); PowerDNS: bind backend, `LUA A \"ifurlup(...)\"`, default settings (packet cache on).");
out.push(`Throughput: dnsperf 1 thread, 20 clients, 200 queries outstanding, ${secs} s. Latency: dnsperf at a fixed ${rate} qps for 10 s, every response timed (\`-v\`).`);
out.push("");
if (process.env.UDP_HACTL) out.push(`- \`hactl\`: default UDP path — ${process.env.UDP_HACTL}.`);
if (process.env.UDP_DGRAM) out.push(`- \`hactl-dgram\`: the fallback (what a machine without the addon runs) — ${process.env.UDP_DGRAM}.`);
out.push("- `node-echo` / `native-echo`: the ceilings of those two I/O paths on this machine — a fixed, valid reply with the query's ID, no parsing, no decision (`bench/gslb/node-echo.mjs`, `native-echo.mjs`).");
out.push("");
out.push(`| server | QPS (max), median | QPS min–max over ${runs} runs | avg latency at max (ms) | lost | latency run QPS | p50 (ms) | p90 (ms) | p99 (ms) | p99.9 (ms) | rcodes |`);
out.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
for (const r of rows) out.push(`| ${r.name} | ${f(r.qps, 0)} | ${f(r.qpsMin, 0)}–${f(r.qpsMax, 0)} | ${f(r.avgMs)} | ${f(r.lostPct, 2)}% | ${f(r.latQps, 0)} | ${f(r.p50)} | ${f(r.p90)} | ${f(r.p99)} | ${f(r.p999)} | ${r.rcodes} |`);
out.push("");
if (by.hactl && by.gdnsd && by.pdns) {
  const line = (name) => {
    const r = by[name];
    const vsPdns = r.qps / by.pdns.qps;
    const vsGdnsd = r.qps / by.gdnsd.qps;
    return `- \`${name}\`: / PowerDNS-Lua = **${f(vsPdns, 2)}×** (target ≥ 1, ${vsPdns >= 1 ? "met" : "NOT met"}), / gdnsd = **${f(vsGdnsd, 2)}×** (target ≥ 0.5, ${vsGdnsd >= 0.5 ? "met" : "NOT met"}); p99 at ${rate} qps ${f(r.p99)} ms`;
  };
  out.push("Ratios (median QPS over median QPS):");
  out.push("");
  out.push(line("hactl"));
  if (by["hactl-dgram"]) out.push(line("hactl-dgram"));
  out.push(`- p99 at ${rate} qps: gdnsd ${f(by.gdnsd.p99)} ms, PowerDNS ${f(by.pdns.p99)} ms.`);
  const share = (a, b) => (by[a] && by[b] ? `**${f((by[a].qps / by[b].qps) * 100, 0)}%**` : "n/a");
  out.push("");
  out.push(`Against their I/O ceilings: \`hactl\` reaches ${share("hactl", "native-echo")} of \`native-echo\`, \`hactl-dgram\` ${share("hactl-dgram", "node-echo")} of \`node-echo\`; ` +
    `\`native-echo\` / \`node-echo\` = ${by["native-echo"] && by["node-echo"] ? `${f(by["native-echo"].qps / by["node-echo"].qps, 2)}×` : "n/a"} is what batching the system calls buys.`);
}
out.push("");
out.push("dnsperf shares the two cores with the server under test, so absolute numbers are lower than on a dedicated load generator; the ratios are what this benchmark is for.");
console.log(out.join("\n"));
