/**
 * `kubectl drain`: cordon, then evict every pod (DaemonSet pods are skipped) through the Eviction API.
 * The API answers 429 while an eviction would take a PodDisruptionBudget below its desired healthy
 * pods (percentages round up; the disruption controller's arithmetic in check/view/disruption.ts) and
 * 500 when several budgets cover the pod; kubectl retries every 5 s. Evicted pods terminate gracefully
 * (endpoints first), controllers replace them, and the budget frees up as replacements become Ready.
 * maxUnavailable 0 (or minAvailable ≥ the pods) never allows an eviction: the drain never completes.
 * @module
 */
import { desiredHealthy, describeBudget, parseIntOrPercent, type Budget } from "../../check/view/disruption.js";
import { field } from "../../k8s/object.js";
import { compileSelector, type LabelSelector } from "../../k8s/selector.js";
import { formatDuration } from "../../model/units.js";
import type { ClusterSim } from "../state/cluster-sim.js";
import type { DrillSim } from "../state/drill-sim.js";
import type { Segment } from "../types.js";
import { whenReconciling } from "./control-plane.js";
import { evictPods, podsGone } from "./controllers.js";

/** kubectl drain's retry interval after a 429. */
export const DRAIN_RETRY_MS = 5_000;

interface Pdb {
  name: string;
  budget: Budget;
  workloads: string[];
}

function budgets(cs: ClusterSim): Pdb[] {
  const out: Pdb[] = [];
  for (const o of cs.model.cluster.objects) {
    if (o.kind !== "PodDisruptionBudget") continue;
    const ns = o.metadata.namespace ?? "default";
    const sel = compileSelector(field(o.body, "spec", "selector") as LabelSelector);
    const min = parseIntOrPercent(field(o.body, "spec", "minAvailable"));
    const max = parseIntOrPercent(field(o.body, "spec", "maxUnavailable"));
    const budget: Budget = { minAvailable: min ?? undefined, maxUnavailable: max ?? undefined };
    const workloads = [...cs.model.workloads.values()].filter((w) => w.namespace === ns && sel.matches(w.labels)).map((w) => w.ref);
    out.push({ name: `${ns}/${o.metadata.name}`, budget, workloads });
  }
  return out;
}

/** Drains a node; notes when it completes, or why it never does. */
export function drainNode(ds: DrillSim, cs: ClusterSim, node: string): void {
  const start = ds.sim.now;
  const ns = cs.node(node);
  ns.cordoned = true;
  cs.model.twin.cordon(node);
  const pdbs = budgets(cs);
  const remaining = cs.podsOn(node).filter((r) => !cs.pod(r).workload.startsWith("DaemonSet/"));
  ds.sim.note("eviction-api", cs.name, () => `kubectl drain ${node}: cordoned, evicting ${remaining.length} pod(s) through the Eviction API`);
  const attempt = () => {
    const blocked: string[] = [];
    let never: string | undefined;
    for (const ref of [...remaining]) {
      const p = cs.pod(ref);
      const covering = pdbs.filter((b) => b.workloads.includes(p.workload));
      if (covering.length > 1) {
        never = `pod ${ref} is covered by ${covering.map((b) => b.name).join(" and ")}: the Eviction API answers 500`;
        blocked.push(ref);
        continue;
      }
      const b = covering[0];
      if (b) {
        const expected = b.workloads.reduce((a, w) => a + (cs.model.workloads.get(w)?.desired ?? 0), 0);
        const healthy = b.workloads.reduce((a, w) => a + cs.workload(w).serving, 0);
        const desired = desiredHealthy(b.budget, expected);
        if (desired >= expected) never = `PodDisruptionBudget ${b.name} (${describeBudget(b.budget, expected)}) allows no eviction ever: the Eviction API answers 429 forever`;
        if (healthy - desired <= 0) {
          blocked.push(ref);
          continue;
        }
      }
      remaining.splice(remaining.indexOf(ref), 1);
      evict(ds, cs, ref, start);
    }
    if (remaining.length === 0) {
      ds.notes.push(`drain of ${node} completed after ${formatDuration(ds.sim.now - start)}`);
      ds.sim.note("eviction-api", cs.name, () => `kubectl drain ${node} complete after ${formatDuration(ds.sim.now - start)}`);
      return;
    }
    if (never && blocked.length === remaining.length) {
      ds.notes.push(`drain of ${node} never completes: ${never}`);
      ds.sim.note("eviction-api", cs.name, () => `kubectl drain ${node} never completes: ${never}`);
      return;
    }
    if (blocked.length > 0) ds.sim.note("eviction-api", cs.name, () => `Eviction API answered 429 for ${blocked.length} pod(s) (PodDisruptionBudget); kubectl drain retries in ${formatDuration(DRAIN_RETRY_MS)}`);
    ds.sim.after(DRAIN_RETRY_MS, () => whenReconciling(ds, cs, "drain", attempt));
  };
  whenReconciling(ds, cs, "drain", attempt);
}

/** One eviction: endpoints go at once, the pod terminates within its grace period, its controller replaces it. */
function evict(ds: DrillSim, cs: ClusterSim, ref: string, start: number): void {
  const p = cs.pod(ref);
  const grace = cs.model.workloads.get(p.workload)?.terminationGraceMs ?? 30_000;
  const chain: Segment[] = [{ mechanism: "eviction-api", label: `evicted by the drain after ${formatDuration(ds.sim.now - start)}`, ms: ds.sim.now - start }];
  const sts = cs.model.workloads.get(p.workload)?.kind === "StatefulSet";
  // A graceful eviction on a live node: the pod leaves the endpoints now and is gone after its grace period.
  evictPods(ds, cs, [ref], chain, false, grace);
  ds.sim.after(grace, () => {
    cs.setLive(p, false);
    const tail: Segment[] = [...chain, ...(sts ? [{ mechanism: "controllers" as const, label: `StatefulSet waits for ${ref} to terminate (terminationGracePeriodSeconds ${grace / 1000})`, ms: grace }] : [])];
    podsGone(ds, cs, [ref], tail, "the pod terminated gracefully");
  });
}
