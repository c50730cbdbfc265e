/**
 * How each service is doing right now — down, degraded or up — and, when it is down for good, why.
 * A workload serves while a pod runs where clients reach it and kube-proxy routes to it; across
 * clusters an active-active workload serves while any cluster does, an active-passive one from its
 * active cluster and, after promotion, from a standby.
 * @module
 */
import { formatDuration } from "../../model/units.js";
import { controlPlaneBlocker, controlPlaneLevel } from "../mechanisms/control-plane.js";
import { dataLevel, dataSim, memberAlive } from "../mechanisms/data-services.js";
import { hostAffectedShare, hostLevel, hostSim } from "../mechanisms/traffic.js";
import type { DrillSim } from "../state/drill-sim.js";
import type { Segment } from "../types.js";
import { DEGRADED, DOWN, UP, type Level } from "./recorder.js";
import type { ServiceDef } from "./services.js";

function memberLevel(ds: DrillSim, cluster: string, workload: string): Level {
  const cs = ds.clusters.get(cluster);
  const w = cs?.workloads.get(workload);
  if (ds.failedClusters.has(cluster)) return DOWN;
  if (!w) return UP;
  if (w.expected === 0) return UP;
  if (w.serving <= 0) return DOWN;
  return w.serving < w.expected || w.listedDead > 0 ? DEGRADED : UP;
}

export function level(ds: DrillSim, id: string): Level {
  const def = ds.registry.byId.get(id);
  if (!def) return UP;
  switch (def.kind) {
    case "data":
      return dataLevel(ds, id);
    case "hostname":
      return hostLevel(ds, id);
    case "control-plane":
      return controlPlaneLevel(ds, ds.cluster(def.controlPlane!));
    case "workload":
      return workloadLevel(ds, def);
  }
}

function workloadLevel(ds: DrillSim, def: ServiceDef): Level {
  // Most services run in one cluster: its level, without building the list.
  if (def.members.length === 1) return memberLevel(ds, def.members[0]!.cluster, def.members[0]!.workload);
  const levels = def.members.map((m) => memberLevel(ds, m.cluster, m.workload));
  if (levels.length === 1) return levels[0]!;
  const p = def.placement;
  if (p?.mode === "active-passive") {
    const active = def.members.findIndex((m) => m.cluster === p.clusters[0]);
    const a = active >= 0 ? levels[active]! : DOWN;
    if (a !== DOWN) return a;
    const promoted = ds.sim.now >= (ds.promotions.get(def.id) ?? Infinity);
    const standby = levels.some((l, i) => i !== active && l !== DOWN);
    return promoted && standby ? DEGRADED : DOWN;
  }
  if (levels.every((l) => l === DOWN)) return DOWN;
  return levels.every((l) => l === UP) ? UP : DEGRADED;
}

/** Active-passive workloads: the standby is promoted once the active cluster's copy is down. */
export function reactWorkload(ds: DrillSim, id: string): void {
  const def = ds.registry.byId.get(id)!;
  const p = def.placement;
  if (p?.mode !== "active-passive" || ds.promotions.has(id)) return;
  const active = def.members.find((m) => m.cluster === p.clusters[0]);
  if (active && memberLevel(ds, active.cluster, active.workload) !== DOWN) return;
  const at = ds.sim.now + p.promotionMs;
  ds.promotions.set(id, at);
  ds.promotionChains.set(id, [{ mechanism: "traffic", label: `${p.standby} standby promotion ${formatDuration(p.promotionMs)} (${p.failover} failover, placement ${p.name})`, ms: p.promotionMs }]);
  ds.sim.note("traffic", p.clusters[1], () => `${def.name}: active copy in ${p.clusters[0]} down; standby promoted in ${formatDuration(p.promotionMs)}`);
  ds.sim.at(at, () => ds.touch(id, ds.promotionChains.get(id)));
}

/** Why a service that is down stays down (the first blocking reason found), with its mechanism. */
export function blocker(ds: DrillSim, def: ServiceDef): { mechanism: Segment["mechanism"]; text: string } {
  switch (def.kind) {
    case "control-plane": {
      const cs = ds.cluster(def.controlPlane!);
      const down = controlPlaneBlocker(ds, cs);
      if (down) return { mechanism: "control-plane", text: down };
      // Serving, with less redundancy: what is missing stays missing until it is repaired.
      const etcd = cs.etcd.filter((m, i) => !cs.cp.etcdUp[i] || ds.zoneDown(m.zone) || (m.node !== undefined && cs.nodes.get(m.node)?.powered === false)).map((m) => m.name);
      const lbs = cs.endpoint.instances.filter((x, i) => !cs.cp.endpointUp[i] || ds.zoneDown(x.zone) || (x.node !== undefined && cs.nodes.get(x.node)?.powered === false)).map((x) => x.name);
      const parts = [etcd.length > 0 ? `etcd member(s) ${etcd.join(", ")} down (${cs.etcd.length - etcd.length} of ${cs.etcd.length} left)` : "", lbs.length > 0 ? `API endpoint instance(s) ${lbs.join(", ")} down` : "", cs.cp.churn ? "etcd leader churn over a slow link" : ""].filter(Boolean);
      return { mechanism: "control-plane", text: parts.length > 0 ? `serving with less redundancy until repaired: ${parts.join("; ")}` : "the control plane does not recover" };
    }
    case "data": {
      const s = dataSim(ds, def.name);
      if (s.blocker) return { mechanism: s.blocker.includes("backup") ? "backups" : "data-services", text: s.blocker };
      // Serving, but members are missing: why their pods do not come back.
      for (const m of s.members) {
        if (memberAlive(ds, m) || !m.pod) continue;
        const cs = ds.clusters.get(m.cluster);
        const w = cs?.pods.get(m.pod)?.workload;
        const b = w ? workloadBlocker(ds, m.cluster, w) : undefined;
        if (b) return { mechanism: b.mechanism, text: `${m.label} (${m.pod}) is not back: ${b.text}` };
      }
      return { mechanism: "data-services", text: s.primary < 0 ? `${def.name} has no primary` : `${def.name} runs with fewer members` };
    }
    case "hostname": {
      const hs = hostSim(ds, def.name);
      const dead = hs.targets.filter((t) => !t.healthy).map((t) => t.cluster);
      const share = Math.round(hostAffectedShare(ds, def.id) * 100);
      const inner = def.members.map((m) => workloadBlocker(ds, m.cluster, m.workload)).find((b) => b);
      return { mechanism: inner?.mechanism ?? "traffic", text: `${share}% of clients reach no serving target (down: ${dead.join(", ") || "none"})${inner ? `; ${inner.text}` : ""}` };
    }
    case "workload": {
      for (const m of def.members) {
        const b = workloadBlocker(ds, m.cluster, m.workload);
        if (b) return b;
      }
      return { mechanism: "controllers", text: "no replacement became ready" };
    }
  }
}

function workloadBlocker(ds: DrillSim, cluster: string, workload: string): { mechanism: Segment["mechanism"]; text: string } | undefined {
  if (ds.failedClusters.has(cluster)) return { mechanism: "failure", text: `cluster ${cluster} is lost` };
  const cs = ds.cluster(cluster);
  const alive = [...cs.model.nodes.values()].some((n) => cs.nodes.get(n.name)?.powered !== false && !ds.zoneDown(n.zone));
  if (!alive) return { mechanism: "failure", text: `every node of cluster ${cluster} is down (${[...ds.failedSites, ...ds.failedZones].join(", ") || "failed"})` };
  const cp = controlPlaneBlocker(ds, cs);
  const w = cs.workloads.get(workload);
  if (w?.blocker) return cp && w.blocker.mechanism === "controllers" ? { mechanism: "control-plane", text: `${w.blocker.text}; and ${cp}` } : w.blocker;
  if (cp) return { mechanism: "control-plane", text: cp };
  if (cs.masterDisruption) return { mechanism: "node-lifecycle", text: "every zone is fully disrupted: the node lifecycle controller stopped evictions, nothing is replaced" };
  const zones = [...cs.zoneStates].filter(([, s]) => s === "PartialDisruption");
  if (zones.length > 0) return { mechanism: "node-lifecycle", text: `zone(s) in PartialDisruption with ≤ ${cs.model.timing.largeClusterSizeThreshold} nodes: evictions stop, pods on NotReady nodes are never replaced` };
  return undefined;
}
