// Twin benchmark at the Kubernetes envelope: 5,000 nodes in 3 zones, 150,000 pods, one core.
//   (a) resources only: Deployments whose pods have requests and nothing else (system default
//       spreading still scores them, as kube-scheduler does for pods owned by a ReplicaSet);
//   (a-bare) the same pods as bare Pods (kube-scheduler's scheduler_perf "SchedulingBasic");
//   (b) every workload constrained: half required hostname anti-affinity, half DoNotSchedule zone spread.
// Run: npm run build && node bench/twin.bench.mjs [--write] [--runs N] [scenario ...]
// Each scenario runs in its own process (pinned to one core with taskset when available), so peak RSS is
// per scenario; pods/s is reported on wall time and on the process's CPU time. --write records the
// median of --runs runs (default 3) in bench/results/twin.md.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const NODES = Number(process.env.TWIN_BENCH_NODES ?? 5000);
const PODS = Number(process.env.TWIN_BENCH_PODS ?? 150000);
const NODES_DEFAULT = NODES;
const PODS_DEFAULT = PODS;
const REPLICAS = 100;
const ZONES = ["z1", "z2", "z3"];

function k8s(kind, name, namespace, body, labels = {}) {
  return { apiVersion: kind === "Pod" ? "v1" : "apps/v1", kind, metadata: { name, namespace, labels, annotations: {} }, body: { kind, metadata: { name, namespace, labels }, ...body }, source: { file: "bench", line: 1, column: 1, path: [] } };
}

/** The benchmark cluster of a scenario (exported for bench/twin.golden.mjs). */
export function cluster(scenario, NODES = NODES_DEFAULT, PODS = PODS_DEFAULT) {
  const nodes = [];
  for (let i = 0; i < NODES; i++) {
    const name = `node-${i + 1}`;
    const zone = ZONES[i % ZONES.length];
    nodes.push({ name, labels: { "kubernetes.io/hostname": name, "topology.kubernetes.io/zone": zone, "topology.kubernetes.io/region": "r" }, taints: [], allocatable: { cpu: 32, memory: 128 * 2 ** 30, pods: 110 } });
  }
  const objects = [];
  const workloads = Math.ceil(PODS / REPLICAS);
  for (let w = 0; w < workloads; w++) {
    const app = `app-${w}`;
    const labels = { app };
    const cpu = `${100 + (w % 8) * 50}m`;
    const memory = `${256 + (w % 5) * 128}Mi`;
    const spec = { containers: [{ name: "c", image: "app", resources: { requests: { cpu, memory } } }] };
    if (scenario === "b") {
      if (w % 2 === 0) spec.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: labels }, topologyKey: "kubernetes.io/hostname" }] } };
      else spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: labels } }];
    }
    if (scenario === "a-bare") {
      for (let i = 0; i < REPLICAS; i++) objects.push(k8s("Pod", `${app}-${i}`, "bench", { spec }, labels));
    } else {
      objects.push(k8s("Deployment", app, "bench", { spec: { replicas: REPLICAS, selector: { matchLabels: labels }, template: { metadata: { labels }, spec } } }));
    }
  }
  return { name: `bench-${scenario}`, nodes, objects, version: { minor: 31, text: "1.31" } };
}

async function run(scenario) {
  const { createTwin } = await import(join(root, "dist", "twin", "index.js"));
  const input = cluster(scenario);
  const t0 = performance.now();
  const twin = createTwin(input, { seed: 1 });
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const r = twin.placeAll();
  const cpu = process.cpuUsage(c1);
  const t2 = performance.now();
  const pods = r.scheduled + r.pending;
  // What-ifs on the placed state: cordon+NotReady a whole zone and restore.
  const t3 = performance.now();
  const snap = twin.snapshot();
  for (const n of twin.nodes()) if (n.zone === "z1") twin.setNotReady(n.name, { noExecute: false });
  twin.restore(snap);
  twin.release(snap);
  const t4 = performance.now();
  const result = {
    scenario,
    nodes: NODES,
    pods,
    scheduled: r.scheduled,
    pending: r.pending,
    buildMs: Math.round(t1 - t0),
    placeMs: Math.round(t2 - t1),
    podsPerSecond: Math.round(pods / ((t2 - t1) / 1000)),
    placeCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    podsPerCpuSecond: Math.round(pods / ((cpu.user + cpu.system) / 1e6)),
    zoneWhatIfMs: Math.round(t4 - t3),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

const TARGETS = { a: 100000, "a-bare": 100000, b: 20000 };
const DESCRIPTION = {
  a: "(a) resources only: 1,500 Deployments × 100 replicas with cpu/memory requests (system default spreading scores them)",
  "a-bare": "(a, bare) the same pods as bare Pods (scheduler_perf SchedulingBasic: no owner, no default spreading)",
  b: "(b) every workload constrained: 750 with required hostname anti-affinity, 750 with DoNotSchedule zone spread (maxSkew 1)",
};

const NOTES = [
  "## Where the time goes",
  "",
  "Per pod in (a), on this machine, about 9 µs of one core: a quarter refreshing block summaries (each of the 40 request",
  "signatures keeps its own per-block summary of feasibility and LeastAllocated + BalancedAllocation scores; a bind changes",
  "one node, so a signature coming back after the other 39 finds most of its 157 blocks changed and re-scores them —",
  "about 4.9 million node scores in all), the block window and the spreading choice (the 500-feasible-node window read",
  "as whole blocks, candidates kept per zone for nodes without the workload's pods), bind bookkeeping (resources,",
  "selector and spreading counters), PreFilter and queue work. (b) visits nodes one by one because required",
  "anti-affinity and DoNotSchedule spreading are filters, with O(1) checks per node from incremental counters (block",
  "summaries cover one DoNotSchedule zone constraint too).",
  "",
  "How it is fast and still exact: static filters (cordon, taints, node affinity) are cached per equivalence class of",
  "templates; LeastAllocated + BalancedAllocation scores are cached per request signature and node and invalidated by the",
  "node's version; topology-spread and affinity counts are kept per selector, node and domain by every bind and unbind",
  "(the global minimum in a histogram); the fused path for resources + default spreading summarises blocks of 32 nodes",
  "per template, refreshing only the positions a per-block journal says changed. Property tests check that every fast",
  "path picks the node the plugin-by-plugin path picks, with the same random draws (test/place.property.test.ts,",
  "test/place.blocks.property.test.ts), and bench/twin.golden.mjs checks that a speed-up changes no placement",
  "(byte-identical results on the benchmark clusters, 160 random clusters with what-ifs and every example fleet).",
  "",
  "What is left in (a): the refresh's four floating-point divisions per changed node and signature; scoring only the",
  "blocks that could hold the best node (lazily) would remove most of it. Single runs vary by ±8 % on this shared",
  "host: compare builds interleaved over several runs.",
  "",
];

const [, , ...argv] = process.argv;
if (process.argv[1] !== fileURLToPath(import.meta.url)) {
  // imported (bench/twin.golden.mjs uses cluster)
} else if (argv[0] === "--child") {
  await run(argv[1]);
} else {
  const write = argv.includes("--write");
  const runsAt = argv.indexOf("--runs");
  const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : write ? 3 : 1;
  const scenarios = argv.filter((a, i) => !a.startsWith("--") && argv[i - 1] !== "--runs");
  const list = scenarios.length > 0 ? scenarios : ["a", "a-bare", "b"];
  const pin = spawnSync("taskset", ["-c", "0", "true"]).status === 0;
  const load0 = loadavg()[0];
  const header = `twin benchmark: ${NODES} nodes, ${PODS} pods, Node ${process.version}, ${cpus()[0]?.model ?? "cpu"} (${cpus().length} cores${pin ? ", pinned to one with taskset -c 0" : ""}), ${new Date().toISOString().slice(0, 10)}`;
  console.log(`# ${header}`);
  const results = {};
  for (const s of list) {
    const all = [];
    for (let i = 0; i < runs; i++) {
      const cmd = pin ? "taskset" : process.execPath;
      const cmdArgs = [...(pin ? ["-c", "0", process.execPath] : []), "--max-old-space-size=8192", fileURLToPath(import.meta.url), "--child", s];
      const r = spawnSync(cmd, cmdArgs, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
      process.stdout.write(r.stdout);
      if (r.status !== 0) process.exitCode = 1;
      else all.push(JSON.parse(r.stdout));
    }
    // The median on CPU time, the figure the targets are judged on.
    all.sort((x, y) => x.podsPerCpuSecond - y.podsPerCpuSecond);
    results[s] = all[Math.floor(all.length / 2)];
  }
  if (write) {
    const rows = list.map((s) => {
      const r = results[s];
      const t = TARGETS[s];
      return `| ${DESCRIPTION[s]} | ${r.scheduled.toLocaleString("en")} | ${r.pending} | ${(r.placeMs / 1000).toFixed(2)} s | ${r.podsPerSecond.toLocaleString("en")} | **${r.podsPerCpuSecond.toLocaleString("en")}** | ${r.peakRssMiB} MiB | ${(r.buildMs / 1000).toFixed(2)} s | ${r.zoneWhatIfMs} ms | ${r.podsPerCpuSecond >= t ? "met" : "**not met**"} (≥ ${t.toLocaleString("en")}) |`;
    });
    const md = [
      "# Twin benchmark",
      "",
      `Generated by \`node bench/twin.bench.mjs --write\` — ${header}; median of ${runs} runs; load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)} during the runs (the machine is shared with other jobs).`,
      "",
      "| scenario | scheduled | pending | place all (wall) | pods/s (wall) | pods/s (one core, CPU time) | peak RSS | build | zone what-if + restore | target (on CPU time) |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
      ...rows,
      "",
      "\`place all\` is `Twin.placeAll()` for every pod (kube-scheduler's queue order, percentageOfNodesToScore adaptive = 10 % of 5,000 nodes,",
      "so every pod's cycle filters until 500 feasible nodes are found and scores those 500). `build` expands workloads into pods and indexes",
      "the nodes. `zone what-if + restore` marks 1,667 nodes NotReady (NoSchedule taint) and restores the snapshot.",
      "kube-scheduler's own CI floors on 5,000 nodes (scheduler_perf) are about 700 pods/s basic and 460 pods/s with required spreading.",
      "",
      "Targets are judged on the process's CPU time (pods per second of one core's work): the process is pinned to one core, but",
      "that core is shared with other jobs on this machine, so wall time varies from run to run with the load.",
      list.every((x) => results[x].podsPerCpuSecond >= TARGETS[x])
        ? `Every target met: ${list.map((x) => `${x} ${(results[x].podsPerCpuSecond / TARGETS[x]).toFixed(2)} ×`).join(", ")} its target.`
        : `Not met: ${list.filter((x) => results[x].podsPerCpuSecond < TARGETS[x]).map((x) => `${x} at ${(results[x].podsPerCpuSecond / TARGETS[x]).toFixed(2)} × its target`).join(", ")}.`,
      "",
      ...NOTES,
    ].join("\n");
    writeFileSync(join(root, "bench", "results", "twin.md"), md);
    console.log("wrote bench/results/twin.md");
  }
}
