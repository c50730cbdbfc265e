// Foundation benchmarks: CLI start-up (help, validate) and loading + normalising a large fleet.
// Run: npm run build && node bench/foundation.bench.mjs   (results → stdout; copy to bench/results/foundation.md)
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const hactl = join(root, "dist", "cli", "hactl.js");
const { loadInputs } = await import(join(root, "dist", "model", "load", "index.js"));
const { planFleet } = await import(join(root, "dist", "plan", "index.js"));

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p95: q(0.95), min: s[0] };
}

function timeCommand(args, runs = 15) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [hactl, ...args], { encoding: "utf8" });
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  }
  return stats(samples);
}

/** A fleet of `nodes` workers in 3 zones and `objects` manifests (Deployments + Services + PDBs). */
function bigFleet(dir, nodes, objects) {
  const fleet = {
    apiVersion: "hactl.dev/v1alpha1",
    kind: "Fleet",
    metadata: { name: "big" },
    spec: {
      sites: [{ name: "region", kind: "cloud-region", zones: ["z1", "z2", "z3"] }],
      clusters: [
        {
          name: "big",
          kubernetesVersion: "1.32",
          controlPlane: { nodes: [{ name: "cp-1", zone: "z1" }, { name: "cp-2", zone: "z2" }, { name: "cp-3", zone: "z3" }], endpoint: { kind: "kube-vip" } },
          nodePools: [{ name: "w", count: nodes, zones: ["z1", "z2", "z3"], capacity: { cpu: "16", memory: "64Gi" } }],
        },
      ],
      workloads: [{ path: "./k8s" }],
    },
  };
  mkdirSync(join(dir, "k8s"));
  writeFileSync(join(dir, "fleet.yaml"), stringify(fleet));
  const docs = [];
  for (let i = 0; docs.length < objects; i++) {
    const labels = { app: `app-${i}` };
    docs.push({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: `app-${i}`, namespace: `ns-${i % 50}`, labels }, spec: { replicas: 3, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: "c", image: "nginx:1.27.3", resources: { requests: { cpu: "100m", memory: "128Mi" } } }] } } } });
    docs.push({ apiVersion: "v1", kind: "Service", metadata: { name: `app-${i}`, namespace: `ns-${i % 50}` }, spec: { selector: labels, ports: [{ port: 80 }] } });
    docs.push({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: `app-${i}`, namespace: `ns-${i % 50}` }, spec: { minAvailable: 2, selector: { matchLabels: labels } } });
  }
  writeFileSync(join(dir, "k8s", "all.yaml"), docs.slice(0, objects).map((d) => stringify(d)).join("---\n"));
  return join(dir, "fleet.yaml");
}

const out = [];
out.push(`# Foundation benchmarks (${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${process.arch})`);
out.push("");
out.push("| What | median | p95 | min |");
out.push("|---|---|---|---|");
const row = (name, s, unit = "ms") => out.push(`| ${name} | ${s.median.toFixed(0)} ${unit} | ${s.p95.toFixed(0)} ${unit} | ${s.min.toFixed(0)} ${unit} |`);
row("`hactl --help` (process start to exit)", timeCommand(["--help"]));
row("`hactl validate` on examples/multi-zone", timeCommand(["validate", "-f", join(root, "examples", "multi-zone", "fleet.yaml"), "-o", "json"]));
row("`hactl assess` on examples/multi-zone", timeCommand(["assess", "-f", join(root, "examples", "multi-zone", "fleet.yaml"), "-o", "json"]));

const dir = mkdtempSync(join(tmpdir(), "hactl-bench-"));
const file = bigFleet(dir, 5000, 10_000);
const loads = [];
let fleet;
for (let i = 0; i < 5; i++) {
  const t = process.hrtime.bigint();
  const r = loadInputs([file]);
  loads.push(Number(process.hrtime.bigint() - t) / 1e6);
  if (r.diagnostics.some((d) => d.severity === "error")) throw new Error(JSON.stringify(r.diagnostics.slice(0, 3)));
  fleet = r.fleets[0];
}
row(`load + validate + normalise: 5,000 nodes, 10,000 objects (in-process)`, stats(loads));
const plans = [];
for (let i = 0; i < 20; i++) {
  const t = process.hrtime.bigint();
  planFleet(fleet);
  plans.push(Number(process.hrtime.bigint() - t) / 1e6);
}
row("plan on that fleet (in-process)", stats(plans));
out.push("");
out.push(`Peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB.`);
console.log(out.join("\n"));
