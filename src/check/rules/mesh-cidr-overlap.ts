/** Meshed clusters whose pod or service networks overlap. @module */
import type { Cluster } from "../../model/fleet.js";
import { defineRule } from "../rule.js";
import { cidrsOverlap, clusterPath } from "../view/fleet.js";

/**
 * Meshes that route pod (and service) addresses between clusters directly, so the ranges must be unique:
 * Cilium Cluster Mesh (non-overlapping PodCIDRs), Submariner without Globalnet (pods and services).
 * Istio multi-network and Linkerd's gateway mode tunnel through gateways and tolerate overlaps.
 */
const FLAT: Record<string, { services: boolean }> = {
  "cilium-clustermesh": { services: false },
  submariner: { services: true },
};

export default defineRule({
  id: "mesh-cidr-overlap",
  title: "Meshed clusters have overlapping pod or service CIDRs",
  category: "multi-cluster",
  severity: "critical",
  rationale:
    "A multi-cluster network that routes pod addresses between clusters (Cilium Cluster Mesh, Submariner) needs every " +
    "address to be unique across the mesh: with overlapping ranges a packet for a remote pod is delivered to a local " +
    "one, or dropped, and cross-cluster failover through the mesh silently fails. Seed 001: flat networks need " +
    "non-overlapping pod CIDRs.",
  appliesTo: ["Fleet"],
  scope: "fleet",
  messages: {
    overlap: "clusters {{a}} and {{b}} are meshed with {{mesh}}, but {{what}} overlap ({{aRange}} and {{bRange}})",
  },
  check(ctx) {
    const fleet = ctx.fleet;
    if (!fleet) return;
    const byMesh = new Map<string, Cluster[]>();
    for (const c of fleet.clusters) {
      const mesh = c.network?.mesh;
      if (!mesh || !(mesh in FLAT)) continue;
      byMesh.set(mesh, [...(byMesh.get(mesh) ?? []), c]);
    }
    for (const [mesh, clusters] of byMesh) {
      for (let i = 0; i < clusters.length; i++) {
        for (let j = i + 1; j < clusters.length; j++) {
          const a = clusters[i]!;
          const b = clusters[j]!;
          const pairs: { what: string; field: "podCIDR" | "serviceCIDR"; x?: string; y?: string }[] = [
            { what: "their pod CIDRs", field: "podCIDR", x: a.network?.podCIDR, y: b.network?.podCIDR },
            { what: `the pod CIDR of ${b.name} and the service CIDR of ${a.name}`, field: "podCIDR", x: a.network?.serviceCIDR, y: b.network?.podCIDR },
            { what: `the service CIDR of ${b.name} and the pod CIDR of ${a.name}`, field: "serviceCIDR", x: a.network?.podCIDR, y: b.network?.serviceCIDR },
            ...(FLAT[mesh]!.services ? [{ what: "their service CIDRs", field: "serviceCIDR" as const, x: a.network?.serviceCIDR, y: b.network?.serviceCIDR }] : []),
          ];
          const hit = pairs.find((p) => p.x !== undefined && p.y !== undefined && cidrsOverlap(p.x, p.y));
          if (!hit) continue;
          ctx.report({
            subject: { kind: "Cluster", name: b.name },
            path: [...clusterPath(fleet, b.name), "network", hit.field],
            messageId: "overlap",
            data: { a: a.name, b: b.name, mesh, what: hit.what, aRange: hit.x!, bRange: hit.y! },
            mechanism:
              `${mesh} routes addresses between the clusters as they are: an address in the overlap exists on both sides, so traffic for a pod or Service in ${a.name} is delivered to (or shadowed by) one in ${b.name}. ` +
              "Global services and cross-cluster failover through the mesh send requests to the wrong endpoints or drop them, and the failure only shows under failover.",
            fix:
              mesh === "submariner"
                ? "Give every meshed cluster distinct pod and service CIDRs (re-IP one cluster), or enable Submariner Globalnet, which maps overlapping ranges to global addresses."
                : "Give every meshed cluster a distinct pod CIDR (Cilium needs unique PodCIDRs and a unique cluster ID per cluster); re-IP the newer cluster before joining it to the mesh.",
          });
        }
      }
    }
  },
});
