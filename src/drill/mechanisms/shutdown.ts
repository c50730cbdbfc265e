/**
 * Graceful node shutdown (kubelet GracefulNodeShutdown): the kubelet posts Ready=False ("node is
 * shutting down"), marks its pods NotReady so they leave the endpoints, terminates them within the
 * shutdown grace period and reports them Failed — so ReplicaSets and StatefulSets recreate them at once
 * (a failed pod is deleted without waiting for the kubelet) and their volumes were unmounted cleanly.
 * Then the node powers off. Without the feature configured (shutdownGracePeriod 0) it is a crash.
 * @module
 */
import { formatDuration } from "../../model/units.js";
import type { ClusterSim } from "../state/cluster-sim.js";
import type { DrillSim } from "../state/drill-sim.js";
import type { Segment } from "../types.js";
import { whenReconciling } from "./control-plane.js";
import { podsGone } from "./controllers.js";
import { removeEndpoints } from "./endpoints.js";
import { handleDisruption, leaseStops } from "./node-lifecycle.js";
import { nodesDown } from "./nodes.js";

export function shutdownNode(ds: DrillSim, cs: ClusterSim, node: string, gracePeriodMs: number): void {
  if (gracePeriodMs <= 0) return nodesDown(ds, cs, [node], "shut down without GracefulNodeShutdown (shutdownGracePeriod 0): like a crash");
  const ns = cs.node(node);
  if (!ns.powered || ns.ready !== "True") return;
  const info = cs.model.nodes.get(node)!;
  const refs = cs.podsOn(node);
  const daemon = new Set(refs.filter((r) => cs.pod(r).workload.startsWith("DaemonSet/")));
  ds.sim.note("failure", cs.name, () => `node ${node} shuts down gracefully (shutdownGracePeriod ${formatDuration(gracePeriodMs)}): Ready=False, ${refs.length} pod(s) NotReady and terminating`);
  whenReconciling(ds, cs, "node NotReady", () => {
    ns.ready = "False";
    ns.notReadyAt = ds.sim.now;
    if (!info.excluded) cs.notReady.set(info.zoneKey, (cs.notReady.get(info.zoneKey) ?? 0) + 1);
    cs.model.twin.setNotReady(node, { reachable: true, noExecute: false });
    handleDisruption(ds, cs);
  });
  removeEndpoints(ds, cs, refs);
  // Pods get the shutdown grace period minus the share reserved for critical pods; at most their own grace period.
  const byEnd = new Map<number, string[]>();
  for (const r of refs) {
    if (daemon.has(r)) continue;
    const w = cs.model.workloads.get(cs.pod(r).workload);
    const end = Math.min(w?.terminationGraceMs ?? 30_000, gracePeriodMs);
    byEnd.set(end, [...(byEnd.get(end) ?? []), r]);
  }
  for (const [end, list] of byEnd) {
    const chain: Segment[] = [{ mechanism: "failure", label: `graceful node shutdown: pods terminated within ${formatDuration(end)}`, ms: end }];
    ds.sim.after(end, () => {
      for (const r of list) {
        const p = cs.pods.get(r);
        if (p) {
          p.started = false;
          cs.setLive(p, false);
        }
      }
      whenReconciling(ds, cs, "failed pods replaced", () => podsGone(ds, cs, list, chain, "the kubelet unmounted it during the graceful shutdown"));
    });
  }
  ds.sim.after(gracePeriodMs, () => {
    ns.powered = false;
    ds.stamp++;
    for (const r of daemon) {
      cs.pod(r).started = false;
      cs.setLive(cs.pod(r), false);
    }
    leaseStops(ds, cs, ns);
    ds.sim.note("failure", cs.name, () => `node ${node} powered off after its graceful shutdown`);
  });
}
