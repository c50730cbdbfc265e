/**
 * How many pods a PodDisruptionBudget counts: the covered workloads' replicas at their smallest
 * scale (an HPA's minReplicas is the fallback the budget meets at low load), DaemonSets as one pod per
 * eligible node when the fleet's nodes are known. Workloads of unknown size are left out and reported
 * as `unknown` so rules can stay silent instead of guessing.
 * @module
 */
import type { CoveredWorkload } from "./disruption.js";
import type { CheckIndex, Pdb, Workload } from "./index.js";
import type { Topology } from "./topology.js";

export interface PdbCoverage {
  workloads: CoveredWorkload<Workload>[];
  /** Sum of the known workloads' pods. */
  pods: number;
  /** Covered workloads whose pod count cannot be known (DaemonSets without a fleet, bare Pods count 1). */
  unknown: Workload[];
}

export function pdbCoverage(index: CheckIndex, pdb: Pdb, topology: Topology): PdbCoverage {
  const out: PdbCoverage = { workloads: [], pods: 0, unknown: [] };
  for (const w of index.workloadsOfPdb(pdb)) {
    let pods: number | undefined;
    let basis = "";
    if (w.hpa) {
      pods = w.hpa.minReplicas;
      basis = `HPA minimum ${pods}`;
    } else if (w.replicas !== undefined) {
      pods = w.replicas;
      basis = `${pods} replica${pods === 1 ? "" : "s"}`;
    } else if (w.kind === "Pod") {
      pods = 1;
      basis = "1 pod";
    } else if (w.kind === "DaemonSet" && topology.known) {
      pods = topology.eligible(w.template.spec).length;
      basis = `1 per eligible node (${pods})`;
    }
    if (pods === undefined) out.unknown.push(w);
    else {
      out.workloads.push({ workload: w, pods, basis });
      out.pods += pods;
    }
  }
  return out;
}

/** `Deployment web (3 replicas), StatefulSet db (HPA minimum 2)`. */
export function describeCoverage(c: PdbCoverage): string {
  return c.workloads.map((x) => `${x.workload.kind} ${x.workload.name} (${x.basis})`).join(", ");
}
