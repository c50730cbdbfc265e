/** nodeSelector or node affinity that puts every replica on one node or in one zone. @module */
import { describeWorkload, REPLICATED_KINDS } from "../helpers.js";
import { defineRule, plural } from "../rule.js";
import { requiredNodeTerms } from "../view/nodes.js";
import { HOSTNAME_KEY, isZoneKey } from "../view/topology.js";

export default defineRule({
  id: "pinned-to-one-domain",
  title: "Node selector or affinity pins every replica to one node or zone",
  category: "topology",
  severity: "warning",
  rationale:
    "Replicas protect against failures only if they can run in more than one place. A nodeSelector or required node " +
    "affinity that names one host, or only nodes of one zone, makes that node or zone a single point of failure: " +
    "when it goes, every replica goes, and the replacements have nowhere to start.",
  appliesTo: ["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "Rollout"],
  messages: {
    node: "{{workload}} can only run on node {{node}}{{how}}",
    zone: "{{workload}} can only run in zone {{zone}}{{how}}, while the cluster spans {{zones}}",
    none: "{{workload}} matches no node of cluster {{cluster}}: its nodeSelector, node affinity and tolerations exclude all {{count}}",
  },
  check(ctx) {
    for (const w of ctx.index.workloads) {
      if (!REPLICATED_KINDS.has(w.kind)) continue;
      const spec = w.template.spec;
      const selPath = [...w.podSpecPath, "nodeSelector"];
      const affPath = [...w.podSpecPath, "affinity", "nodeAffinity"];
      if (ctx.topology.known) {
        const eligible = ctx.topology.eligible(spec);
        if (eligible.length === 0) {
          ctx.report({
            object: w.object,
            path: spec["nodeSelector"] ? selPath : spec["affinity"] ? affPath : w.podSpecPath,
            messageId: "none",
            data: { workload: describeWorkload(w), cluster: ctx.cluster?.name ?? "", count: ctx.topology.nodes.length },
            mechanism: "No node passes the scheduler's NodeAffinity and TaintToleration filters, so every pod of this workload stays Pending in this cluster.",
            fix: "Match the nodeSelector / node affinity to labels the cluster's nodes carry (and tolerate their taints), or stop placing this workload in this cluster.",
          });
          continue;
        }
        const usable = ctx.topology.nodes.filter((n) => !n.unschedulable);
        if (eligible.length === 1 && usable.length > 1) {
          ctx.report({
            object: w.object,
            path: spec["nodeSelector"] ? selPath : affPath,
            messageId: "node",
            data: { workload: describeWorkload(w), node: eligible[0]!.name, how: ` (1 of ${usable.length} nodes passes its node selector, affinity and tolerations)` },
            mechanism: `All ${plural(ctx.index.replicaRange(w)?.max ?? 1, "replica")} share node ${eligible[0]!.name}; its failure, reboot or drain stops the service, and no replacement can start elsewhere.`,
            fix: "Select a node label that several nodes share (a pool or role label), or remove the pin.",
          });
          continue;
        }
        const zones = ctx.topology.zonesOf(eligible);
        if (zones.length === 1 && ctx.topology.zonesOf(usable).length > 1) {
          ctx.report({
            object: w.object,
            path: spec["nodeSelector"] ? selPath : affPath,
            messageId: "zone",
            data: { workload: describeWorkload(w), zone: zones[0]!, how: ` (its ${plural(eligible.length, "eligible node")} are all there)`, zones: plural(ctx.topology.zonesOf(usable).length, "zone") },
            mechanism: `Every replica runs in ${zones[0]}; a zone outage stops the service and the replacements stay Pending because no node outside ${zones[0]} is eligible.`,
            fix: `Allow nodes in the other zones (${ctx.topology.zonesOf(usable).filter((z) => z !== zones[0]).join(", ")}) and spread over them with a zone topologySpreadConstraint.`,
          });
        }
        continue;
      }
      // Without a fleet, only pins the manifest states outright: a host name or a single zone value.
      const pin = statedPin(spec);
      if (!pin) continue;
      ctx.report({
        object: w.object,
        path: pin.from === "nodeSelector" ? [...selPath, pin.key] : affPath,
        messageId: pin.kind,
        data: pin.kind === "node" ? { workload: describeWorkload(w), node: pin.value, how: ` (${pin.from} ${pin.key})` } : { workload: describeWorkload(w), zone: pin.value, how: ` (${pin.from} ${pin.key})`, zones: "other zones it cannot use" },
        mechanism: `Every replica must run on ${pin.kind === "node" ? `node ${pin.value}` : `a node in zone ${pin.value}`}: its failure stops the service and replacements cannot start anywhere else.`,
        fix: pin.kind === "node" ? "Select a label that several nodes share, or remove the host name pin." : "Allow several zones and spread over them with a zone topologySpreadConstraint.",
      });
    }
  },
});

function statedPin(spec: Record<string, unknown>): { kind: "node" | "zone"; key: string; value: string; from: "nodeSelector" | "node affinity" } | undefined {
  const sel = spec["nodeSelector"] as Record<string, unknown> | undefined;
  if (sel && typeof sel === "object") {
    for (const [k, v] of Object.entries(sel)) {
      if (k === HOSTNAME_KEY) return { kind: "node", key: k, value: String(v), from: "nodeSelector" };
      if (isZoneKey(k)) return { kind: "zone", key: k, value: String(v), from: "nodeSelector" };
    }
  }
  const terms = requiredNodeTerms(spec);
  if (!terms || terms.length === 0) return undefined;
  // Every term (they are ORed) must pin to the same single value for the pod to be pinned.
  let found: { kind: "node" | "zone"; key: string; value: string } | undefined;
  for (const t of terms) {
    const r = (t.matchExpressions ?? []).find((e) => e.operator === "In" && e.values?.length === 1 && (e.key === HOSTNAME_KEY || isZoneKey(e.key ?? "")));
    if (!r) return undefined;
    const cur = { kind: r.key === HOSTNAME_KEY ? ("node" as const) : ("zone" as const), key: r.key!, value: String(r.values![0]) };
    if (found && (found.key !== cur.key || found.value !== cur.value)) return undefined;
    found = cur;
  }
  return found ? { ...found, from: "node affinity" } : undefined;
}
