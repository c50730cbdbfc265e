/** Human rendering of `hactl place`: placements per cluster and `--explain` for one pod. @module */
import { formatBytes, formatCpu } from "../model/units.js";
import type { ClusterPlacement, Explanation, FleetPlacement, ResourceUse } from "../twin/index.js";
import { heading, table, wrap, type Colorize } from "./text.js";

const WIDTH = 110;
/** Nodes listed without --nodes. */
const NODE_LIST_LIMIT = 50;

function pct(u: ResourceUse): string {
  return `${Math.round(u.ratio * 100)}%`;
}

function cpu(u: ResourceUse): string {
  return `${formatCpu(u.requested)}/${formatCpu(u.allocatable)} (${pct(u)})`;
}

function mem(u: ResourceUse): string {
  return `${formatBytes(u.requested)}/${formatBytes(u.allocatable)} (${pct(u)})`;
}

function load(c: Colorize, u: ResourceUse, text: string): string {
  return u.ratio >= 0.9 ? c("red", text) : u.ratio >= 0.75 ? c("yellow", text) : text;
}

export function renderPlacement(p: FleetPlacement, c: Colorize, opts: { nodes?: boolean; pods?: boolean } = {}): string {
  return p.clusters.map((cl) => renderCluster(p.fleet, cl, c, opts)).join("\n\n");
}

function renderCluster(fleet: string, cl: ClusterPlacement, c: Colorize, opts: { nodes?: boolean; pods?: boolean }): string {
  const s = cl.summary;
  const out: string[] = [];
  const pendingText = s.pending > 0 ? c("red", `${s.pending} Pending`) : c("green", "0 Pending");
  out.push(heading(c, `Fleet ${fleet}, cluster ${cl.cluster}`) + c("dim", ` (Kubernetes ${cl.kubernetesVersion}, seed ${cl.seed})`));
  out.push(`  ${s.nodes} node${s.nodes === 1 ? "" : "s"} in ${s.zones} zone${s.zones === 1 ? "" : "s"} · ${s.pods} pods: ${s.running} running, ${pendingText}${s.preempted ? ` · ${s.preempted} preempted` : ""}`);
  out.push("");
  out.push(c("bold", "Zones"));
  out.push(
    table(
      ["zone", "nodes", "schedulable", "pods", "cpu requested", "memory requested"],
      cl.zones.map((z) => [z.zone, String(z.nodes), String(z.schedulableNodes), String(z.pods), load(c, z.cpu, cpu(z.cpu)), load(c, z.memory, mem(z.memory))]),
      { indent: 2 },
    ),
  );
  if (opts.nodes || cl.nodes.length <= NODE_LIST_LIMIT) {
    out.push("");
    out.push(c("bold", "Nodes"));
    out.push(
      table(
        ["node", "zone", "pods", "cpu", "memory", "status"],
        cl.nodes.map((n) => [
          n.node,
          n.zone,
          `${n.pods.count}/${n.pods.allocatable}`,
          load(c, n.cpu, cpu(n.cpu)),
          load(c, n.memory, mem(n.memory)),
          [n.ready === "True" ? "Ready" : n.ready === "False" ? c("red", "NotReady") : c("red", "Unknown"), n.unschedulable ? c("yellow", "SchedulingDisabled") : ""].filter(Boolean).join(","),
        ]),
        { indent: 2 },
      ),
    );
  } else out.push(c("dim", `\n  ${cl.nodes.length} nodes (list them with --nodes)`));
  out.push("");
  out.push(c("bold", "Workloads"));
  out.push(
    table(
      ["workload", "desired", "running", "pending", "per zone"],
      cl.workloads.map((w) => [
        w.ref,
        String(w.desired),
        String(w.running),
        w.pending > 0 ? c("red", String(w.pending)) : "0",
        Object.entries(w.zones)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([z, n]) => `${z}:${n}`)
          .join(" ") + (w.note ? c("dim", ` (${w.note})`) : ""),
      ]),
      { indent: 2 },
    ),
  );
  if (opts.pods) {
    out.push("");
    out.push(c("bold", "Pods"));
    out.push(table(["pod", "phase", "node", "zone"], cl.pods.map((p) => [p.ref, p.phase, p.node ?? "", p.zone ?? ""]), { indent: 2 }));
  }
  out.push("");
  out.push(c("bold", `Pending (${cl.pending.length})`));
  if (cl.pending.length === 0) out.push(`  ${c("green", "none")}: every pod found a node`);
  for (const p of cl.pending) {
    out.push(`  ${c("red", p.ref)} ${c("dim", `(${p.workload})`)}`);
    out.push(`    ${wrap(p.message, WIDTH - 4, "    ")}`);
    if (p.preemption) out.push(`    ${c("dim", wrap(p.preemption, WIDTH - 4, "    "))}`);
  }
  if (cl.notes.length > 0) {
    out.push("");
    for (const n of cl.notes) out.push(`${c("yellow", "note")}: ${wrap(n, WIDTH - 6, "      ")}`);
  }
  out.push("");
  out.push(c("dim", "Simplifications (see docs/place.md):"));
  for (const s of cl.simplifications) out.push(c("dim", `  - ${wrap(s, WIDTH - 4, "    ")}`));
  return out.join("\n");
}

/** Filter verdicts and scores for one pod. */
export function renderExplanation(cluster: string, e: Explanation, c: Colorize, limit = 20): string {
  const out: string[] = [];
  out.push(heading(c, `Pod ${e.pod}`) + c("dim", ` (${e.workload}, cluster ${cluster})`));
  out.push(
    `  ${e.numAllNodes} nodes; the cycle stops filtering after ${e.numFeasibleNodesToFind} feasible nodes (percentageOfNodesToScore), starting at node #${e.startIndex} of the zone-interleaved node list`,
  );
  out.push(e.selected ? `  ${c("green", "selected")}: ${e.selected}` : `  ${c("red", "Pending")}: ${e.pending?.message ?? ""}`);
  if (e.pending?.preemption) out.push(`  ${c("dim", e.pending.preemption)}`);
  out.push("");
  out.push(c("bold", "PreFilter"));
  out.push(table(["plugin", "result"], e.preFilter.map((p) => [p.plugin, p.result === "skip" ? c("dim", "skip (nothing to check)") : p.result === "pass" ? "pass" : c("red", p.result)]), { indent: 2 }));
  if (e.spread.length > 0) {
    out.push("");
    out.push(c("bold", "Topology spread constraints"));
    out.push(table(["topology key", "max skew", "when unsatisfiable", "global min", "eligible domains", "pod matches"], e.spread.map((s) => [s.topologyKey, String(s.maxSkew), s.when, String(s.min), String(s.domains), s.self ? "yes" : "no"]), { indent: 2 }));
  }
  out.push("");
  const rejected = e.filters.filter((f) => !f.feasible);
  const byReason = new Map<string, number>();
  for (const f of rejected) {
    const key = `${f.rejectedBy}: ${f.filters[f.rejectedBy!] ?? "rejected"}`;
    byReason.set(key, (byReason.get(key) ?? 0) + 1);
  }
  out.push(c("bold", `Filter: ${e.filters.length - rejected.length} of ${e.filters.length} nodes feasible`));
  for (const [k, n] of [...byReason].sort((a, b) => b[1] - a[1])) out.push(`  ${String(n).padStart(5)} × ${k}`);
  const plugins = Object.keys(e.filters[0]?.filters ?? {});
  const shown = e.filters.slice(0, limit);
  out.push(
    table(
      ["node", "zone", ...plugins.map(short)],
      shown.map((f) => [f.node + (f.evaluated ? "" : c("dim", "*")), f.zone, ...plugins.map((p) => verdict(c, f.filters[p]!))]),
      { indent: 2 },
    ),
  );
  if (e.filters.length > limit) out.push(c("dim", `  … ${e.filters.length - limit} more nodes (-o json lists all)`));
  out.push(c("dim", "  * not evaluated this cycle: enough feasible nodes were found before it"));
  if (e.scores.length > 0) {
    out.push("");
    out.push(c("bold", `Score (${e.scores.length} feasible nodes; weights ${Object.entries(e.weights).map(([k, v]) => `${short(k)} ${v}`).join(", ")})`));
    const sp = Object.keys(e.scores[0]!.plugins);
    out.push(
      table(
        ["node", "zone", ...sp.map(short), "total"],
        e.scores.slice(0, limit).map((s) => [s.selected ? c("green", `${s.node} ←`) : s.node, s.zone, ...sp.map((p) => String(s.plugins[p]!.normalized)), String(s.total)]),
        { indent: 2 },
      ),
    );
    if (e.skippedScorePlugins.length > 0) out.push(c("dim", `  skipped (nothing to score): ${e.skippedScorePlugins.join(", ")}`));
    if (e.scores.length > limit) out.push(c("dim", `  … ${e.scores.length - limit} more (-o json lists all, with raw scores)`));
  }
  return out.join("\n");
}

const SHORT: Record<string, string> = {
  NodeUnschedulable: "Unschedulable",
  NodeName: "NodeName",
  TaintToleration: "Taints",
  NodeAffinity: "NodeAffinity",
  NodePorts: "Ports",
  NodeResourcesFit: "Fit",
  VolumeBinding: "VolBinding",
  VolumeZone: "VolZone",
  PodTopologySpread: "Spread",
  InterPodAffinity: "PodAffinity",
  NodeResourcesBalancedAllocation: "Balanced",
};

function short(p: string): string {
  return SHORT[p] ?? p;
}

const COMPACT: [RegExp, string][] = [
  [/^node\(s\) didn't match Pod's node affinity\/selector$/, "node affinity"],
  [/^node\(s\) didn't match pod topology spread constraints \(missing required label\)$/, "missing label"],
  [/^node\(s\) didn't match pod topology spread constraints$/, "skew"],
  [/^node\(s\) didn't match pod anti-affinity rules$/, "anti-affinity"],
  [/^node\(s\) didn't match pod affinity rules$/, "affinity"],
  [/^node\(s\) didn't satisfy existing pods anti-affinity rules$/, "existing anti-affinity"],
  [/^node\(s\) had untolerated taint \{(.*): .*\}$/, "taint $1"],
  [/^node\(s\) were unschedulable$/, "cordoned"],
  [/^node\(s\) had volume node affinity conflict$/, "volume affinity"],
  [/^node\(s\) had no available volume zone$/, "volume zone"],
  [/^node\(s\) didn't have free ports for the requested pod ports$/, "ports"],
  [/Insufficient /g, "no "],
];

function verdict(c: Colorize, v: string): string {
  if (v === "passed") return c("green", "ok");
  if (v === "skipped") return c("dim", "-");
  let t = v;
  for (const [re, by] of COMPACT) t = t.replace(re, by);
  return c("red", t);
}
