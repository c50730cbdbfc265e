/**
 * Pod start: a replacement bound to a node becomes Ready after its volumes are usable (detach, attach)
 * and its startup time — `hactl.dev/startup`, else timing.podStartup (image pull + container start)
 * plus the startup and readiness probes (see state/workloads.ts) — then joins the endpoints.
 * @module
 */
import { formatDuration } from "../../model/units.js";
import type { ClusterSim } from "../state/cluster-sim.js";
import type { DrillSim } from "../state/drill-sim.js";
import { claimsOfPod } from "../state/workloads.js";
import type { Segment } from "../types.js";
import { addEndpoint } from "./endpoints.js";
import { attachment } from "./volumes.js";

const NO_SEGMENTS: Segment[] = [];

/** Starts pod `ref` on `node` now; it serves once ready (unless its node or volumes fail first). */
export function startPod(ds: DrillSim, cs: ClusterSim, ref: string, node: string): void {
  const p = cs.pods.get(ref);
  if (!p) return;
  p.node = node;
  const info = cs.model.workloads.get(p.workload);
  const claims = info ? claimsOfPod(info, p.name) : [];
  // Without volumes it starts at once.
  let at = ds.sim.now;
  let segments = NO_SEGMENTS;
  if (claims.length > 0) {
    const vol = attachment(ds, cs, claims, node);
    if (vol.blocked) {
      cs.block(p.workload, "volumes", `${ref} cannot start on ${node}: ${vol.blocked}`);
      ds.sim.note("volumes", cs.name, () => `${ref} cannot start on ${node}: ${vol.blocked}`);
      return;
    }
    at = vol.at;
    segments = vol.segments;
  }
  const startup = info?.startupMs ?? cs.model.timing.podStartupMs;
  const startSeg = cs.model.startSegment(p.workload, () => ({ mechanism: "pod-start", label: `start ${formatDuration(startup)} (${info?.startupBasis ?? "podStartup"})`, ms: startup }));
  p.chain = segments.length === 0 ? [...p.chain, startSeg] : [...p.chain, ...segments, startSeg];
  const readyAt = at + startup;
  const generation = cs.node(node).generation;
  ds.sim.batch(readyAt, cs.readyKey, () => {
    const n = cs.nodes.get(node);
    if (cs.pods.get(ref) !== p || p.terminating || (n && (n.generation !== generation || !n.powered))) return;
    ds.sim.note("pod-start", cs.name, () => `${ref} Ready on ${node} (${segments.map((s) => `${s.label}, `).join("")}${startSeg.label})`);
    cs.unblock(p.workload);
    p.started = true;
    if (n?.clientSide === false) return;
    cs.setLive(p, true, p.chain);
    addEndpoint(ds, cs, ref);
  });
}
