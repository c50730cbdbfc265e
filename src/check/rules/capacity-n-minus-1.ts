/** Worker capacity that cannot absorb losing one node or the largest zone. @module */
import { defineRule, plural } from "../rule.js";
import { afterLoss, capacityModel, formatAmount, freeOf, nodesByZone, ratio, RESOURCES, type CapacityModel, type Demand, type LossResult, type Resource, type Shortfall } from "../view/capacity.js";
import { clusterPath } from "../view/fleet.js";
import type { PathSegment } from "../../model/diagnostics.js";
import type { Fleet, Node } from "../../model/fleet.js";
import type { RuleContext } from "../types.js";

export default defineRule({
  id: "capacity-n-minus-1",
  title: "Capacity cannot absorb losing one node or the largest zone",
  category: "topology",
  severity: "warning",
  rationale:
    "Replicas on other nodes only help if the pods of a failed node can be started somewhere else. After losing a node " +
    "(or a zone) the surviving nodes a pod may run on must hold every pod's requests — replicas × request per workload, " +
    "the DaemonSets on each node — or replacements stay Pending exactly when they are needed. With only two eligible " +
    "nodes, one failure leaves every replica on the same node: the workload runs without redundancy until the node is back.",
  appliesTo: ["Fleet"],
  scope: "objects",
  messages: {
    nodeShort:
      "cluster {{cluster}}: losing node {{node}} leaves {{capacity}} on {{survivors}} for {{demand}} requested by {{pods}} ({{workloads}}): {{short}} short",
    zoneShort:
      "cluster {{cluster}}: losing zone {{zone}} leaves {{capacity}} on {{survivors}} for {{demand}} requested by {{pods}} ({{workloads}}): {{short}} short",
    hpaShort:
      "cluster {{cluster}}: after losing {{lost}}, the HPAs cannot reach maxReplicas: {{demand}} requested by {{pods}} ({{workloads}}) against {{capacity}} on {{survivors}}: {{short}} short",
    lastNode:
      "cluster {{cluster}}: {{workloads}} may only run on 2 nodes ({{pair}}); losing {{node}} leaves every replica on {{survivor}}, at {{use}} of its allocatable by requests",
  },
  check(ctx) {
    if (!ctx.topology.known || !ctx.cluster || !ctx.fleet) return;
    const m = capacityModel(ctx.index, ctx.topology);
    if (m.demands.length === 0) return;
    const cluster = ctx.cluster.name;
    const fleet = ctx.fleet;

    // Node loss: the worst node of each set of eligible nodes is the one with the most free capacity of a resource.
    const nodeLoss = worstLoss(m, candidateNodes(m).map((i) => ({ label: m.nodes[i]!.name, lost: new Set([i]) })));
    // Zone loss, when the cluster has several zones.
    const zones = nodesByZone(m);
    const zoneLoss = zones.size >= 2 ? worstLoss(m, [...zones].map(([z, idx]) => ({ label: z, lost: new Set(idx) }))) : undefined;

    let reportedNode = false;
    if (nodeLoss?.min.short[0]) {
      const s = nodeLoss.min.short[0];
      const node = m.nodes[[...nodeLoss.lost][0]!]!;
      report(ctx, m, "nodeShort", { node: node.name }, s, "min", nodePath(fleet, node), `node ${node.name}`);
      reportedNode = true;
    } else if (nodeLoss?.max?.short[0]) {
      const s = nodeLoss.max.short[0];
      const node = m.nodes[[...nodeLoss.lost][0]!]!;
      report(ctx, m, "hpaShort", { lost: `node ${node.name}` }, s, "max", nodePath(fleet, node), `node ${node.name}`);
      reportedNode = true;
    }
    // A zone of one node is that node: its loss was judged above.
    const usable = new Set(m.groups.flatMap((g) => g.eligible));
    const zoneAdds = zoneLoss !== undefined && !(reportedNode && [...zoneLoss.lost].filter((i) => usable.has(i)).length <= 1);
    if (!zoneAdds) {
      // nothing more to say about zones
    } else if (zoneLoss?.min.short[0]) {
      report(ctx, m, "zoneShort", { zone: zoneLoss.label }, zoneLoss.min.short[0], "min", [...clusterPath(fleet, cluster), "nodePools"], `zone ${zoneLoss.label}`);
    } else if (zoneLoss?.max?.short[0] && !reportedNode) {
      report(ctx, m, "hpaShort", { lost: `zone ${zoneLoss.label}` }, zoneLoss.max.short[0], "max", [...clusterPath(fleet, cluster), "nodePools"], `zone ${zoneLoss.label}`);
    }
    if (reportedNode) return;

    // Two eligible nodes: one failure leaves every replica on one node (no redundancy until repair).
    const pairs = new Map<string, Demand[]>();
    for (const d of m.demands) if (d.eligible.length === 2 && d.min >= 2) pairs.set(d.key, [...(pairs.get(d.key) ?? []), d]);
    const [key, list] = [...pairs.entries()].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
    if (!key || !list) return;
    const [a, b] = list[0]!.eligible as [number, number];
    // Lose the node with more free capacity: the survivor is the smaller one (the worse case).
    const [lostIdx, keepIdx] = total(m, a) >= total(m, b) ? [a, b] : [b, a];
    const lost = m.nodes[lostIdx]!;
    const keep = m.nodes[keepIdx]!;
    const use = (["cpu", "memory"] as const).map((r) => ({ r, min: usage(m, keepIdx, lostIdx, r, "min"), max: usage(m, keepIdx, lostIdx, r, "max") })).filter((u) => u.min.demand > 0);
    const scales = use.some((u) => u.max.demand > u.min.demand);
    const useText =
      use.map((u) => `${pct(u.min)} ${label(u.r)}`).join(", ") + (scales ? ` (${use.map((u) => `${pct(u.max)} ${label(u.r)}`).join(", ")} at the HPAs' maxReplicas)` : "");
    const names = list.map((d) => d.workload.name);
    const repair = ctx.cluster.timing.nodeRepairMs;
    ctx.report({
      subject: { kind: "Cluster", name: cluster },
      path: nodePath(fleet, lost),
      messageId: "lastNode",
      data: {
        cluster,
        workloads: names.length > 4 ? `${names.slice(0, 4).join(", ")} and ${names.length - 4} more` : names.join(", "),
        pair: `${m.nodes[a]!.name}, ${m.nodes[b]!.name}`,
        node: lost.name,
        survivor: keep.name,
        use: useText || "0%",
      },
      mechanism:
        `${keep.name} offers ${describeFree(m, keepIdx)} after its DaemonSets. The replicas of ${plural(list.length, "workload")} (${list.map((d) => `${d.workload.name} ×${d.min}`).join(", ")}) ` +
        `then run on that one node until ${lost.name} is repaired (nodeRepair ${Math.round(repair / 60_000)} min): a second failure, a kernel upgrade or a drain of ${keep.name} takes them all down, ` +
        `PDBs block every drain meanwhile, and the spare capacity kept for this case is half of the pool.`,
      fix: `Add a third node these workloads may run on (same labels and taints as ${keep.name}), so one failure leaves two nodes: each then needs only a third of its capacity in reserve instead of half.`,
    });
  },
});

interface Loss {
  label: string;
  lost: Set<number>;
  min: LossResult;
  max?: LossResult;
}

/** The loss that hurts most: a shortfall at min replicas first, then at max, then the highest use. */
function worstLoss(m: CapacityModel, scenarios: { label: string; lost: Set<number> }[]): Loss | undefined {
  let best: Loss | undefined;
  const score = (l: Loss) => (l.min.short[0] ? 2e9 + ratio(l.min.short[0]) : l.max?.short[0] ? 1e9 + ratio(l.max.short[0]) : ratio(l.min.worst));
  for (const s of scenarios) {
    const min = afterLoss(m, s.lost, "min");
    if (!min) continue;
    const max = m.demands.some((d) => d.max > d.min) ? afterLoss(m, s.lost, "max") : undefined;
    const l: Loss = { ...s, min, max };
    if (!best || score(l) > score(best)) best = l;
  }
  return best;
}

/** Per set of eligible nodes, the node holding the most free capacity of each resource. */
function candidateNodes(m: CapacityModel): number[] {
  const out = new Set<number>();
  for (const g of m.groups) {
    for (const r of RESOURCES) {
      let best = g.eligible[0]!;
      for (const i of g.eligible) if (m.free[i]![r] > m.free[best]![r]) best = i;
      out.add(best);
    }
  }
  return [...out];
}

function total(m: CapacityModel, i: number): number {
  const f = m.free[i]!;
  return f.cpu / 1000 + f.memory / 2 ** 30;
}

/** Use of one node's free capacity after losing another: the demand of workloads confined to the pair. */
function usage(m: CapacityModel, keep: number, lost: number, r: Resource, at: "min" | "max"): { demand: number; capacity: number } {
  const demand = m.demands.filter((d) => d.eligible.every((i) => i === keep || i === lost) && d.eligible.includes(keep)).reduce((s, d) => s + d.pod[r] * d[at], 0);
  return { demand, capacity: Math.max(0, m.free[keep]![r]) };
}

function label(r: Resource): string {
  return r === "cpu" ? "CPU" : r;
}

function pct(u: { demand: number; capacity: number }): string {
  return u.capacity <= 0 ? "∞" : `${Math.round((100 * u.demand) / u.capacity)}%`;
}

function describeFree(m: CapacityModel, i: number): string {
  const f = freeOf(m, [i]);
  return `${formatAmount("cpu", f.cpu)}, ${formatAmount("memory", f.memory)}`;
}

function nodePath(fleet: Fleet, node: Node): PathSegment[] {
  const at = clusterPath(fleet, node.cluster);
  const spec = fleet.document.spec.clusters[at[2] as number];
  if (node.role === "control-plane") {
    const i = spec?.controlPlane.nodes?.findIndex((n) => n.name === node.name) ?? -1;
    return i >= 0 ? [...at, "controlPlane", "nodes", i] : [...at, "controlPlane"];
  }
  const pi = spec?.nodePools.findIndex((p) => p.name === node.pool) ?? -1;
  if (pi < 0) return [...at, "nodePools"];
  const ni = spec!.nodePools[pi]!.nodes?.findIndex((n) => n.name === node.name) ?? -1;
  return ni >= 0 ? [...at, "nodePools", pi, "nodes", ni] : [...at, "nodePools", pi, "count"];
}

function report(
  ctx: RuleContext,
  m: CapacityModel,
  messageId: "nodeShort" | "zoneShort" | "hpaShort",
  extra: Record<string, string>,
  s: Shortfall,
  at: "min" | "max",
  path: PathSegment[],
  lostLabel: string,
): void {
  const names = s.workloads.map((d) => d.workload.name);
  const short = s.demand - s.capacity;
  const unrequested = m.unrequested.length > 0 ? ` ${plural(m.unrequested.length, "workload")} without requests (${m.unrequested.slice(0, 3).map((w) => w.name).join(", ")}) are not counted, so the real shortfall is larger.` : "";
  const perNode = m.nodes.length > 0 ? Math.max(...m.nodes.map((n, i) => (s.workloads[0]!.eligible.includes(i) ? Math.max(0, m.free[i]![s.resource]) : 0))) : 0;
  const more = perNode > 0 ? Math.ceil(short / perNode) : 1;
  ctx.report({
    subject: { kind: "Cluster", name: ctx.cluster!.name },
    path,
    messageId,
    data: {
      cluster: ctx.cluster!.name,
      ...extra,
      capacity: formatAmount(s.resource, s.capacity),
      survivors: plural(s.survivors, "node"),
      demand: formatAmount(s.resource, s.demand),
      pods: plural(s.pods, "pod"),
      workloads: names.length > 4 ? `${names.slice(0, 4).join(", ")} and ${names.length - 4} more` : names.join(", "),
      short: formatAmount(s.resource, short),
    },
    mechanism:
      `After ${lostLabel} fails, its pods are replaced on the surviving nodes they may run on (nodeSelector, affinity, taints); ` +
      `${at === "max" ? "when load moves to the survivors the HPAs scale towards maxReplicas, and " : ""}the scheduler admits a pod only where its requests fit into what is left of a node's allocatable, ` +
      `so about ${formatAmount(s.resource, short)} of requests stay Pending (FailedScheduling: Insufficient ${s.resource}) until capacity returns — services run with fewer replicas, singletons not at all.${unrequested}`,
    fix: `Add capacity the affected pods may use: about ${plural(more, "more node")} like the existing ones (${formatAmount(s.resource, perNode)} each), or lower the requests or replicas; keep the survivors of a ${lostLabel.split(" ")[0]} loss able to hold every request.`,
  });
}
