/**
 * Endpoints: a pod marked NotReady leaves its Service's ready EndpointSlice endpoints and a new pod
 * joins them once Ready; kube-proxy applies the change within `minSyncPeriod` (1 s, iptables). Both
 * go through the API and the EndpointSlice controller, so they wait while controllers are down.
 * @module
 */
import { formatDuration } from "../../model/units.js";
import type { ClusterSim } from "../state/cluster-sim.js";
import type { DrillSim } from "../state/drill-sim.js";
import type { Segment } from "../types.js";
import { whenReconciling } from "./control-plane.js";

function syncSegment(cs: ClusterSim): Segment {
  return cs.model.segment("kube-proxy sync", () => ({ mechanism: "endpoints", label: `kube-proxy minSyncPeriod ${formatDuration(cs.model.timing.kubeProxyMinSyncPeriodMs)}`, ms: cs.model.timing.kubeProxyMinSyncPeriodMs }));
}

/**
 * Pods marked NotReady: kube-proxy stops routing to them after its sync — if it hears of it: kube-proxy
 * cut off from the API (partition, API endpoint down) keeps its rules and keeps routing.
 */
export function removeEndpoints(ds: DrillSim, cs: ClusterSim, refs: readonly string[]): void {
  if (refs.length === 0 || !cs.proxySynced) return;
  whenReconciling(ds, cs, "EndpointSlice update", () => {
    const sync = cs.model.timing.kubeProxyMinSyncPeriodMs;
    ds.sim.after(sync, () => {
      let n = 0;
      for (const ref of refs) {
        const p = cs.pods.get(ref);
        if (p && p.listed) {
          cs.setListed(p, false);
          n++;
        }
      }
      if (n > 0) ds.sim.note("endpoints", cs.name, () => `kube-proxy removed ${n} NotReady endpoint(s) (minSyncPeriod ${formatDuration(sync)})`);
    });
  });
}

/** A pod became Ready: kube-proxy routes to it after its sync. */
export function addEndpoint(ds: DrillSim, cs: ClusterSim, ref: string): void {
  whenReconciling(ds, cs, "EndpointSlice update", () => {
    const seg = syncSegment(cs);
    ds.sim.batch(ds.sim.now + seg.ms, cs.endpointsKey, () => {
      const p = cs.pods.get(ref);
      if (!p || !p.live || p.listed) return;
      p.chain = [...p.chain, seg];
      cs.setListed(p, true, p.chain);
    });
  });
}
