// hactl check benchmark: 10,000 objects (a realistic generated mix of workloads and their companions)
// checked end to end, compared with parsing the same YAML alone.
// Run: npm run build && node bench/check.bench.mjs [--objects 10000] [--runs 7] [--write]
//   --write updates bench/results/check.md. Pin to one core with `taskset -c 0 node bench/check.bench.mjs`.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = (p) => join(root, "dist", p);
const { loadInputs, parseYamlDocuments, parseManifestsFast } = await import(dist("model/load/index.js"));
const { check, RULES } = await import(dist("check/index.js"));

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const TARGET = arg("objects", 10_000);
const RUNS = arg("runs", 7);
const WRITE = process.argv.includes("--write");

/** Deterministic pseudo-random numbers (mulberry32), so every run checks the same manifests. */
function rng(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One application: a Deployment (70%), StatefulSet (20%), DaemonSet (3%) or CronJob (7%), with a
 * Service, ConfigMap and ServiceAccount, usually a PDB and sometimes an HPA. About a fifth of the apps
 * carry a typical mistake (one replica, no probes, latest tag, blocking PDB, no spread).
 */
function app(i, r) {
  const ns = `team-${i % 25}`;
  const name = `app-${i}`;
  const labels = { "app.kubernetes.io/name": name, "app.kubernetes.io/part-of": `product-${i % 40}` };
  const roll = r();
  const kind = roll < 0.7 ? "Deployment" : roll < 0.9 ? "StatefulSet" : roll < 0.93 ? "DaemonSet" : "CronJob";
  const sloppy = r() < 0.2;
  const replicas = sloppy && r() < 0.4 ? 1 : 2 + Math.floor(r() * 4);
  const container = {
    name,
    image: sloppy && r() < 0.3 ? `registry.example.com/${name}:latest` : `registry.example.com/${name}:1.${i % 17}.${i % 5}`,
    ports: [{ name: "http", containerPort: 8080 }],
    env: [{ name: "LOG_LEVEL", value: "info" }, { name: "CONFIG", valueFrom: { configMapKeyRef: { name, key: "config" } } }],
    resources: sloppy && r() < 0.3 ? {} : { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
    ...(sloppy && r() < 0.4 ? {} : { readinessProbe: { httpGet: { path: "/ready", port: "http" }, periodSeconds: 5 } }),
    livenessProbe: { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 10, failureThreshold: 3 },
    volumeMounts: [{ name: "config", mountPath: "/etc/app" }],
  };
  const podSpec = {
    serviceAccountName: name,
    containers: [container],
    volumes: [{ name: "config", configMap: { name } }],
    ...(sloppy
      ? {}
      : {
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", nodeTaintsPolicy: "Honor", labelSelector: { matchLabels: labels } },
            { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: labels } },
          ],
        }),
  };
  const meta = { name, namespace: ns, labels };
  const template = { metadata: { labels }, spec: podSpec };
  const objects = [];
  if (kind === "CronJob") {
    objects.push({ apiVersion: "batch/v1", kind, metadata: meta, spec: { schedule: "*/15 * * * *", jobTemplate: { spec: { template: { metadata: { labels }, spec: { ...podSpec, restartPolicy: "OnFailure" } } } } } });
  } else if (kind === "DaemonSet") {
    objects.push({ apiVersion: "apps/v1", kind, metadata: meta, spec: { selector: { matchLabels: labels }, template } });
  } else {
    objects.push({
      apiVersion: "apps/v1",
      kind,
      metadata: meta,
      spec: { replicas, selector: { matchLabels: labels }, ...(kind === "StatefulSet" ? { serviceName: name } : {}), template },
    });
  }
  // A StatefulSet's Service is its headless governing Service (stable member names).
  objects.push({ apiVersion: "v1", kind: "Service", metadata: meta, spec: { ...(kind === "StatefulSet" ? { clusterIP: "None" } : {}), selector: labels, ports: [{ name: "http", port: 80, targetPort: "http" }] } });
  objects.push({ apiVersion: "v1", kind: "ConfigMap", metadata: meta, data: { config: `name=${name}\nreplicas=${replicas}\n` } });
  objects.push({ apiVersion: "v1", kind: "ServiceAccount", metadata: meta });
  if (kind !== "CronJob" && kind !== "DaemonSet" && r() < 0.85) {
    const blocking = sloppy && r() < 0.2;
    objects.push({
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: meta,
      spec: { ...(blocking ? { minAvailable: "100%" } : { maxUnavailable: 1 }), unhealthyPodEvictionPolicy: "AlwaysAllow", selector: { matchLabels: labels } },
    });
  }
  if (kind === "Deployment" && r() < 0.4) {
    objects.push({
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: meta,
      spec: { scaleTargetRef: { apiVersion: "apps/v1", kind, name }, minReplicas: 2, maxReplicas: 10, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }] },
    });
  }
  return objects;
}

function generate(dir, target) {
  const r = rng(42);
  mkdirSync(join(dir, "k8s"), { recursive: true });
  let count = 0;
  let i = 0;
  const kinds = {};
  while (count < target) {
    const objs = app(i, r).slice(0, target - count);
    for (const o of objs) kinds[o.kind] = (kinds[o.kind] ?? 0) + 1;
    writeFileSync(join(dir, "k8s", `${String(i).padStart(5, "0")}-app.yaml`), objs.map((o) => stringify(o, { lineWidth: 0 })).join("---\n"));
    count += objs.length;
    i++;
  }
  const zones = ["z1", "z2", "z3"];
  const fleet = {
    apiVersion: "hactl.dev/v1alpha1",
    kind: "Fleet",
    metadata: { name: "bench" },
    spec: {
      sites: [{ name: "region", kind: "cloud-region", zones }],
      clusters: [
        {
          name: "prod",
          kubernetesVersion: "1.31",
          distribution: "eks",
          controlPlane: { managed: true },
          nodePools: [{ name: "general", count: 60, zones, capacity: { cpu: "16", memory: "64Gi" } }],
        },
      ],
      workloads: [{ path: "./k8s" }],
    },
  };
  writeFileSync(join(dir, "fleet.yaml"), stringify(fleet));
  return { apps: i, objects: count, kinds };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn, runs) {
  const samples = [];
  let last;
  for (let k = 0; k < runs; k++) {
    const t = process.hrtime.bigint();
    last = fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { ms: median(samples), min: Math.min(...samples), last };
}

const dir = mkdtempSync(join(tmpdir(), "hactl-check-bench-"));
const gen = generate(dir, TARGET);
const files = readdirSync(join(dir, "k8s")).map((f) => join(dir, "k8s", f));
const texts = files.map((f) => readFileSync(f, "utf8"));
const bytes = texts.reduce((n, t) => n + t.length, 0);

// Warm up the JIT on everything once.
for (const t of texts) parseYamlDocuments("x.yaml", t);
check({ objects: loadInputs([join(dir, "k8s")]).objects });

// 1. YAML parsing alone, over the same texts already in memory: the loader's manifest parser
// (js-yaml values + document starts; positions inside a document are read lazily for findings)
// — the baseline of the ratio — and, for reference, the `yaml` library keeping every position.
const parse = time(() => {
  let docs = 0;
  for (const t of texts) docs += (parseManifestsFast("x.yaml", t) ?? parseYamlDocuments("x.yaml", t).documents).length;
  return docs;
}, RUNS);
const parseFull = time(() => {
  let docs = 0;
  for (const t of texts) docs += parseYamlDocuments("x.yaml", t).documents.length;
  return docs;
}, RUNS);
// 2. End to end in-process: read files, parse, classify, index, run every rule, locate every finding.
const plain = time(() => check({ objects: loadInputs([join(dir, "k8s")]).objects }), RUNS);
// 3. The same with a fleet: 60 nodes in 3 zones, so the topology rules run too.
const fleetRun = time(() => {
  const r = loadInputs([join(dir, "fleet.yaml")]);
  return check({ fleets: r.fleets });
}, RUNS);
// 4. The rules alone on already loaded objects (what the engine itself costs).
const loaded = loadInputs([join(dir, "k8s")]).objects;
const rulesOnly = time(() => check({ objects: loaded }), RUNS);
// 5. The CLI as a user runs it (process start-up, JSON output), pinned to one core when taskset exists.
const hasTaskset = spawnSync("taskset", ["-c", "0", "true"]).status === 0;
const cliRuns = [];
for (let k = 0; k < Math.min(RUNS, 5); k++) {
  const cmd = hasTaskset ? "taskset" : process.execPath;
  const args = [...(hasTaskset ? ["-c", "0", process.execPath] : []), dist("cli/hactl.js"), "check", "-f", join(dir, "k8s"), "-o", "json", "--fail-on", "none"];
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 30 });
  cliRuns.push(Number(process.hrtime.bigint() - t) / 1e6);
  if (r.status !== 0) throw new Error(`hactl check exited ${r.status}: ${r.stderr.slice(0, 500)}`);
}
const cli = { ms: median(cliRuns) };

const s = plain.last.summary;
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const perSec = (ms) => Math.round((gen.objects / ms) * 1000).toLocaleString("en-US");
const rows = [
  ["YAML parsing alone (hactl's manifest parser: js-yaml values + document starts)", parse.ms, "1.00×"],
  ["YAML parsing keeping every position (`yaml` library), for reference", parseFull.ms, `${(parseFull.ms / parse.ms).toFixed(2)}×`],
  [`check, plain manifests, end to end (read + parse + index + ${plain.last.summary.rules} rules)`, plain.ms, `${(plain.ms / parse.ms).toFixed(2)}×`],
  ["check, fleet (60 nodes, 3 zones), end to end", fleetRun.ms, `${(fleetRun.ms / parse.ms).toFixed(2)}×`],
  ["rules only (objects already loaded)", rulesOnly.ms, `${(rulesOnly.ms / parse.ms).toFixed(2)}×`],
  [`CLI process \`hactl check -f k8s/ -o json\`${hasTaskset ? " on one core (taskset -c 0)" : ""}`, cli.ms, `${(cli.ms / parse.ms).toFixed(2)}×`],
];
const lines = [
  "# hactl check benchmark",
  "",
  `Generated by \`node bench/check.bench.mjs --write\` on ${new Date().toISOString().slice(0, 10)} · Node ${process.version} · ${cpus()[0]?.model ?? "unknown CPU"} (${cpus().length} cores; node runs the check on one) · median of ${RUNS} runs.`,
  "",
  `Input: ${gen.objects.toLocaleString("en-US")} objects in ${files.length} files (${(bytes / 1e6).toFixed(1)} MB of YAML), ${gen.apps} applications over 25 namespaces:`,
  Object.entries(gen.kinds)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${n} ${k}`)
    .join(", ") + ".",
  `About a fifth of the applications carry a typical mistake, so the run reports ${s.findings.critical} critical, ${s.findings.warning} warning and ${s.findings.info} info findings (every one located at file:line:column).`,
  "",
  "| what | time | objects/s | ratio to parsing |",
  "|---|---|---|---|",
  ...rows.map(([what, ms, ratio]) => `| ${what} | ${fmt(ms)} | ${perSec(ms)} | ${ratio} |`),
  "",
  "Targets (issue 3): ≤ 1 s on one core and ≤ 2× parse time for 10,000 objects.",
  `Result: end to end ${fmt(plain.ms)}, ${(plain.ms / parse.ms).toFixed(2)}× parsing — the ratio target is ${plain.ms / parse.ms <= 2 ? "met" : "missed"}; the 1 s target is ${plain.ms <= 1000 ? "met" : "missed"}` +
    (plain.ms <= 1000 ? "." : `: parsing alone takes ${fmt(parse.ms)} here, while the index and all rules take ${fmt(rulesOnly.ms)}.`),
  `Load average during the run: ${loadavg().map((x) => x.toFixed(1)).join(", ")} (the machine is shared; medians absorb some of the noise).`,
  "",
  "What costs what: parsing YAML dominates. Manifests are parsed with js-yaml (about 10x faster than the",
  "position-keeping `yaml` library on this input); a finding's file:line:column is found by reading the",
  "document's lines (src/model/load/quick-locate.ts), with the full `yaml` parse of that file only as a",
  "fallback for shapes the line reader declines (flow collections walked into, anchors, tags). The engine",
  "builds one label index per run, resolves every selector through it, and locates only the fields that",
  "findings point at.",
];
const text = `${lines.join("\n")}\n`;
process.stdout.write(text);
if (WRITE) {
  mkdirSync(join(root, "bench", "results"), { recursive: true });
  writeFileSync(join(root, "bench", "results", "check.md"), text);
}
