// hactl drill benchmark at the Kubernetes envelope: a 5,000-node fleet in 3 zones running 150,000 pods
// (1,500 Deployments × 100 replicas behind Services; half spread over zones with DoNotSchedule +
// nodeTaintsPolicy Honor, half with the system default spreading), swept over every single failure
// domain: each of the 5,000 nodes, each zone, the site, the cluster, each etcd member and the API
// endpoint — every scenario replayed on one placed twin with snapshot/restore.
// Run: npm run build && node bench/drill.bench.mjs [--nodes 5000] [--pods 150000] [--runs 1] [--write] [--profile]
// Each run is a child process pinned to one core (taskset -c 0 when available); --write records the
// median run in bench/results/drill.md; --profile writes a CPU profile (node --cpu-prof) to bench/results/.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const NODES = arg("nodes", 5000);
const PODS = arg("pods", 150_000);
const RUNS = arg("runs", 1);
const REPLICAS = 100;
const TARGET_MS = 20_000;
/** Written under the table by --write (measured with --profile; update when the profile changes). */
const NOTES = `## Where the time goes

Profiled with \`node bench/drill.bench.mjs --profile\` (\`node --cpu-prof\`). The three zone scenarios take about 2.3 s
each: 1,667 nodes tainted at 0.1 node/s over 4.6 hours of virtual time and 50,000 replacements scheduled exactly.
The 5,000 node scenarios take about 1.5 ms each: the ~30 replacements placed exactly by the twin's scheduler (block
summaries for the default spreading and, per zone, for DoNotSchedule zone spreading), the two taints (NoSchedule
at detection, NoExecute one monitor pass later: with nodeTaintsPolicy Honor a tainted node leaves the counted
domains of the spreading counters, which share one node layout), evicting and recreating the pods, the drill's
bookkeeping (events, pod records, the ~30 services touched) and restoring the snapshot. Across the sweep the
biggest items are the twin's block summaries and block window (about a quarter of the time), garbage collection
(about 8 %), and recreating pods, counters and undo records; building and placing the twin (150,000 pods) takes
about 2.8 s.

What changed to get here (the first full sweep took 180 s, 28.8 s a session ago): a node's taint or cordon change
invalidates the twin's caches for that node only; version numbers are unique and restored with the snapshot, so
caches computed before a what-if stay valid after it; spreading counters of one node class share their per-domain
node counts (one update per taint instead of 750); block summaries cover DoNotSchedule zone spreading, refresh
only the positions a per-block journal says changed, and keep per-zone versions so a pod that may only go to the
surviving zones reuses a block whose failed-zone nodes changed; the undo log records op codes in typed arrays
instead of closures; the drill schedules a node's replacements in one batch, reads pod briefs instead of full
views, memoises the etcd quorum side, and queues one event per instant for pods becoming ready. The measured process
runs with Node's default V8 flags, as \`hactl drill\` does.

Without touching exactness, \`--shard k/N\` splits a sweep over N cores or pods (it shards linearly) and
\`hactl drill merge\` gives the same result.
`;
/**
 * V8 flags of the measured process: none by default, so the figure is what `hactl drill` gets (a 128 MiB
 * young generation once halved the time spent in scavenges; since the twin's undo log and the drill's
 * pod records stopped allocating per replacement it changes nothing). `--v8 "FLAGS"` tries others.
 */
const v8At = process.argv.indexOf("--v8");
const V8_FLAGS = (v8At >= 0 ? process.argv[v8At + 1] : "").split(" ").filter(Boolean);

/** The fleet as a user would write it: one site, three zones, a control plane, one big pool, shared manifests. */
export function writeFleet(dir, nodes = NODES, pods = PODS) {
  const zones = ["z1", "z2", "z3"];
  const workloads = Math.ceil(pods / REPLICAS);
  const objects = [];
  for (let w = 0; w < workloads; w++) {
    const name = `app-${w}`;
    const labels = { app: name };
    const spec = { containers: [{ name: "c", image: "registry.example.com/app:1.0", resources: { requests: { cpu: `${100 + (w % 8) * 50}m`, memory: `${256 + (w % 5) * 128}Mi` } }, readinessProbe: { httpGet: { path: "/ready", port: 8080 }, periodSeconds: 5 } }] };
    if (w % 2 === 0) spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", nodeTaintsPolicy: "Honor", labelSelector: { matchLabels: labels } }];
    objects.push({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name, namespace: "bench" }, spec: { replicas: REPLICAS, selector: { matchLabels: labels }, template: { metadata: { labels }, spec } } });
    objects.push({ apiVersion: "v1", kind: "Service", metadata: { name, namespace: "bench" }, spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] } });
  }
  const fleet = {
    apiVersion: "hactl.dev/v1alpha1",
    kind: "Fleet",
    metadata: { name: "bench" },
    spec: {
      objectives: { rto: "10m", rpo: "1m" },
      sites: [{ name: "dc", zones }],
      clusters: [
        {
          name: "big",
          kubernetesVersion: "1.32",
          controlPlane: { nodes: zones.map((z, i) => ({ name: `cp-${i + 1}`, zone: z })), endpoint: { kind: "kube-vip" } },
          nodePools: [{ name: "workers", count: nodes - 3, zones, capacity: { cpu: "32", memory: "128Gi", pods: 110 } }],
        },
      ],
      workloads: [{ path: "./k8s" }],
    },
  };
  mkdirSync(join(dir, "k8s"), { recursive: true });
  writeFileSync(join(dir, "fleet.yaml"), stringify(fleet));
  writeFileSync(join(dir, "k8s", "apps.yaml"), objects.map((o) => stringify(o)).join("---\n"));
  return join(dir, "fleet.yaml");
}

async function child() {
  const { loadInputs } = await import(join(root, "dist", "model", "load", "index.js"));
  const { prepareDrill } = await import(join(root, "dist", "drill", "index.js"));
  const dir = mkdtempSync(join(tmpdir(), "hactl-drill-bench-"));
  const file = writeFleet(dir);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const loaded = loadInputs([file], { cwd: dir });
  const fleet = loaded.fleets[0];
  const t1 = performance.now();
  const drill = prepareDrill(fleet, { timeline: false });
  const t2 = performance.now();
  const c2 = process.cpuUsage();
  const byDomain = {};
  const sweep = drill.sweep({});
  const t3 = performance.now();
  const c3 = process.cpuUsage(c2);
  for (const e of sweep.entries) byDomain[e.domain] = (byDomain[e.domain] ?? 0) + 1;
  const pods = drill.model.cluster("big").twin.pods().length;
  const cpu = (u) => Math.round((u.user + u.system) / 1000);
  const result = {
    nodes: fleet.clusters[0].nodes.length,
    pods,
    scenarios: sweep.entries.length,
    byDomain,
    loadMs: Math.round(t1 - t0),
    placeMs: Math.round(t2 - t1),
    sweepMs: Math.round(t3 - t2),
    sweepCpuMs: cpu(c3),
    totalMs: Math.round(t3 - t0),
    totalCpuMs: cpu(process.cpuUsage(c0)),
    scenariosPerSecond: Math.round(sweep.entries.length / ((t3 - t2) / 1000)),
    zoneScenarioMs: null,
    missed: sweep.missed.length,
    worstZone: sweep.entries.filter((e) => e.domain === "zone").map((e) => ({ scenario: e.scenario, affected: e.affected, worstRto: e.worstRtoMs })),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  // One zone scenario alone, for the record (zone scenarios dominate: 1,667 nodes tainted at 0.1 node/s and 50,000 pods replaced).
  const zone = drill.scenarios().find((s) => s.domain === "zone");
  const z0 = performance.now();
  drill.run(zone.scenario);
  result.zoneScenarioMs = Math.round(performance.now() - z0);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (process.argv[1] !== fileURLToPath(import.meta.url)) {
  // imported (profiling scripts use writeFleet)
} else if (process.argv.includes("--child")) {
  await child();
} else {
  const pin = spawnSync("taskset", ["-c", "0", "true"]).status === 0;
  const profile = process.argv.includes("--profile");
  const header = `drill benchmark: ${NODES} nodes, ${PODS} pods, Node ${process.version}, ${cpus()[0]?.model ?? "cpu"} (${cpus().length} cores${pin ? ", pinned to one with taskset -c 0" : ""}), ${new Date().toISOString().slice(0, 10)}`;
  console.log(`# ${header}`);
  const load0 = loadavg()[0];
  const all = [];
  for (let i = 0; i < RUNS; i++) {
    const nodeArgs = [...V8_FLAGS, ...(profile ? ["--cpu-prof", "--cpu-prof-dir", join(root, "bench", "results")] : []), fileURLToPath(import.meta.url), "--child", "--nodes", String(NODES), "--pods", String(PODS)];
    const r = spawnSync(pin ? "taskset" : process.execPath, pin ? ["-c", "0", process.execPath, ...nodeArgs] : nodeArgs, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 26 });
    process.stdout.write(r.stdout);
    if (r.status !== 0) process.exitCode = 1;
    else all.push(JSON.parse(r.stdout));
  }
  if (process.argv.includes("--write") && all.length > 0) {
    all.sort((a, b) => a.totalCpuMs - b.totalCpuMs);
    const r = all[Math.floor(all.length / 2)];
    const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;
    const md = [
      "# Drill benchmark",
      "",
      `Generated by \`node bench/drill.bench.mjs --write\` — ${header}; V8 flags ${V8_FLAGS.join(" ") || "(defaults)"}; median of ${all.length} run(s); load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)} during the runs (the machine is shared with other jobs).`,
      "",
      "Fleet: one site with 3 zones, 3 control-plane nodes (stacked etcd, kube-vip) and a pool of workers, 1,500 Deployments × 100 replicas behind Services",
      "(half spread over zones with DoNotSchedule + nodeTaintsPolicy Honor, half with the system default spreading), readiness probes, Kubernetes 1.32.",
      `Sweep: every single failure domain — ${Object.entries(r.byDomain).map(([k, v]) => `${v.toLocaleString("en")} ${k}`).join(", ")} — each replayed on the one placed twin between snapshot and restore.`,
      "",
      "| nodes | pods | scenarios | load fleet | build + place twin | sweep (wall) | sweep (one core, CPU time) | scenarios/s | total (wall) | total (CPU) | one zone scenario | peak RSS | target |",
      "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
      `| ${r.nodes.toLocaleString("en")} | ${r.pods.toLocaleString("en")} | ${r.scenarios.toLocaleString("en")} | ${sec(r.loadMs)} | ${sec(r.placeMs)} | ${sec(r.sweepMs)} | ${sec(r.sweepCpuMs)} | **${r.scenariosPerSecond.toLocaleString("en")}** | ${sec(r.totalMs)} | **${sec(r.totalCpuMs)}** | ${sec(r.zoneScenarioMs)} | ${r.peakRssMiB} MiB | ${r.totalCpuMs <= TARGET_MS ? "met" : "**not met**"} (≤ 20 s on one core: ${(r.totalCpuMs / TARGET_MS).toFixed(2)} × the target) |`,
      "",
      "`total` covers loading the fleet YAML, building and placing the twin and the whole sweep, in one process pinned to one core.",
      "The target is judged on CPU time: the core is shared with other jobs on this machine, so wall time varies with the load.",
      r.totalCpuMs <= TARGET_MS
        ? `Met with ${Math.round((1 - r.totalCpuMs / TARGET_MS) * 100)} % to spare (${sec(TARGET_MS - r.totalCpuMs)} of one core).`
        : `Not met: ${(r.totalCpuMs / TARGET_MS).toFixed(2)} × the target on this shared virtual core.`,
      "",
      NOTES,
    ].join("\n");
    writeFileSync(join(root, "bench", "results", "drill.md"), md);
    console.log("wrote bench/results/drill.md");
  }
}
