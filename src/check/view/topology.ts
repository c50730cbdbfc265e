/**
 * The nodes and topology domains a rule may reason about. With a fleet, every cluster's nodes are
 * known (labels include hostname, zone and region); with plain manifests nothing is known and rules
 * must not guess zones — `known` is false and every query answers empty.
 * @module
 */
import { LABEL_HOSTNAME, LABEL_ZONE, type Cluster, type Node } from "../../model/fleet.js";
import { eligibleNodes } from "./nodes.js";

export interface Topology {
  /** True when nodes are known (a fleet was given). */
  readonly known: boolean;
  readonly nodes: readonly Node[];
  /** Zones that hold at least one node of the cluster. */
  readonly zones: readonly string[];
  /** Nodes per value of `key` (e.g. `topology.kubernetes.io/zone`); nodes without the label are left out. */
  domains(key: string, nodes?: readonly Node[]): Map<string, Node[]>;
  /** Nodes passing the pod's nodeSelector, required node affinity and (unless `taints: false`) taints. */
  eligible(podSpec: Record<string, unknown>, opts?: { taints?: boolean }): Node[];
  /** Distinct zones of `nodes`, in the cluster's order. */
  zonesOf(nodes: readonly Node[]): string[];
}

export const UNKNOWN_TOPOLOGY: Topology = {
  known: false,
  nodes: [],
  zones: [],
  domains: () => new Map(),
  eligible: () => [],
  zonesOf: () => [],
};

export function clusterTopology(cluster: Cluster): Topology {
  const nodes = cluster.nodes;
  const zones = [...new Set(nodes.map((n) => n.zone))];
  const domainCache = new Map<string, Map<string, Node[]>>();
  const eligibleCache = new Map<string, Node[]>();
  // Rules ask again and again for the same workload: remember per pod spec object first.
  const bySpec = [new WeakMap<object, Node[]>(), new WeakMap<object, Node[]>()];
  const domains = (key: string, subset?: readonly Node[]): Map<string, Node[]> => {
    if (!subset) {
      const hit = domainCache.get(key);
      if (hit) return hit;
    }
    const out = new Map<string, Node[]>();
    for (const n of subset ?? nodes) {
      const v = n.labels[key];
      if (v === undefined) continue;
      const list = out.get(v);
      if (list) list.push(n);
      else out.set(v, [n]);
    }
    if (!subset) domainCache.set(key, out);
    return out;
  };
  return {
    known: true,
    nodes,
    zones,
    domains,
    eligible(podSpec, opts = {}) {
      const specCache = bySpec[opts.taints === false ? 0 : 1]!;
      const known = specCache.get(podSpec);
      if (known) return known;
      // Different workloads often share the same placement fields: cache by the fields the filters read.
      const key = JSON.stringify([podSpec["nodeSelector"], (podSpec["affinity"] as { nodeAffinity?: unknown } | undefined)?.nodeAffinity, podSpec["tolerations"], opts.taints !== false]);
      let hit = eligibleCache.get(key);
      if (!hit) eligibleCache.set(key, (hit = eligibleNodes(podSpec, nodes, opts)));
      specCache.set(podSpec, hit);
      return hit;
    },
    zonesOf(subset) {
      const set = new Set(subset.map((n) => n.zone));
      return zones.filter((z) => set.has(z));
    },
  };
}

/** The topology keys every rule understands by name. */
export const HOSTNAME_KEY = LABEL_HOSTNAME;
export const ZONE_KEY = LABEL_ZONE;
/** Legacy zone label, still honoured by some manifests. */
export const LEGACY_ZONE_KEY = "failure-domain.beta.kubernetes.io/zone";

export function isZoneKey(key: string): boolean {
  return key === ZONE_KEY || key === LEGACY_ZONE_KEY;
}
