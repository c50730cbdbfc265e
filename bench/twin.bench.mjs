// Twin benchmark at the Kubernetes envelope: 5,000 nodes in 3 zones, 150,000 pods, one core.
//   (a) resources only: Deployments whose pods have requests and nothing else (system default
//       spreading still scores them, as kube-scheduler does for pods owned by a ReplicaSet);
//   (a-bare) the same pods as bare Pods (kube-scheduler's scheduler_perf "SchedulingBasic");
//   (b) every workload constrained: half required hostname anti-affinity, half DoNotSchedule zone spread.
// Run: npm run build && node bench/twin.bench.mjs [scenario ...]   (each scenario runs in its own process
// so peak RSS is per scenario; results → stdout, recorded in bench/results/twin.md)
import { spawnSync } from "node:child_process";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const NODES = Number(process.env.TWIN_BENCH_NODES ?? 5000);
const PODS = Number(process.env.TWIN_BENCH_PODS ?? 150000);
const REPLICAS = 100;
const ZONES = ["z1", "z2", "z3"];

function k8s(kind, name, namespace, body, labels = {}) {
  return { apiVersion: kind === "Pod" ? "v1" : "apps/v1", kind, metadata: { name, namespace, labels, annotations: {} }, body: { kind, metadata: { name, namespace, labels }, ...body }, source: { file: "bench", line: 1, column: 1, path: [] } };
}

function cluster(scenario) {
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

const [, , ...args] = process.argv;
if (args[0] === "--child") {
  await run(args[1]);
} else {
  const scenarios = args.length > 0 ? args : ["a", "a-bare", "b"];
  console.log(`# twin benchmark: ${NODES} nodes, ${PODS} pods, node ${process.version}, ${cpus()[0]?.model ?? "cpu"}, ${new Date().toISOString().slice(0, 10)}`);
  for (const s of scenarios) {
    const r = spawnSync(process.execPath, ["--max-old-space-size=8192", fileURLToPath(import.meta.url), "--child", s], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    process.stdout.write(r.stdout);
    if (r.status !== 0) process.exitCode = 1;
  }
}
