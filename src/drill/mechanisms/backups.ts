/**
 * Backups: when every live copy of some data is gone, what is left is the newest backup. In the worst
 * case over the schedule the failure strikes just before a run finishes, so the recovery point is the
 * longest gap between runs plus one run's duration; restoring takes the backup's restore time after
 * people decided to restore (the manual decision time). A backup stored in a failed site is gone too.
 * @module
 */
import { backupsOfDataService, backupsOfVolumes, backupWorstAgeMs } from "../../check/view/fleet.js";
import type { Backup, DataService } from "../../model/fleet.js";
import { MANUAL_FAILOVER_EXTRA_MS } from "../../model/normalize/workloads.js";
import { formatDuration } from "../../model/units.js";
import type { DrillSim } from "../state/drill-sim.js";
import type { Segment } from "../types.js";

export interface RestorePlan {
  backup: Backup;
  /** Data lost: time since the last completed backup, worst case. */
  rpoMs: number;
  /** Decision + restore. */
  segments: Segment[];
  basis: string;
}

/** The best backup still reachable among `candidates`, or why there is none. */
export function bestBackup(ds: DrillSim, candidates: readonly Backup[], what: string): RestorePlan | { none: string } {
  if (candidates.length === 0) return { none: `${what} has no backup` };
  const alive = candidates.map((b) => ds.backup(b)).filter((b) => !ds.failedSites.has(b.site));
  if (alive.length === 0) return { none: `every backup of ${what} is stored in a failed site (${[...new Set(candidates.map((b) => b.site))].join(", ")})` };
  const best = alive.reduce((a, b) => (backupWorstAgeMs(b) < backupWorstAgeMs(a) ? b : a));
  const age = backupWorstAgeMs(best);
  return {
    backup: best,
    rpoMs: age,
    segments: [
      { mechanism: "backups", label: `decision to restore ${formatDuration(MANUAL_FAILOVER_EXTRA_MS)} (people notice, decide and act)`, ms: MANUAL_FAILOVER_EXTRA_MS },
      { mechanism: "backups", label: `restore from ${best.name} ${formatDuration(best.restoreMs)}`, ms: best.restoreMs },
    ],
    basis: `backup ${best.name} (${best.schedule}, worst case ${formatDuration(best.maxIntervalMs)} since the last run + ${formatDuration(best.durationMs)} for the run)`,
  };
}

export function dataServiceBackups(ds: DrillSim, d: DataService): Backup[] {
  return backupsOfDataService(ds.fleet, d);
}

export function volumeBackups(ds: DrillSim, cluster: string, namespace: string): Backup[] {
  return backupsOfVolumes(ds.fleet, cluster, namespace);
}

/** etcd snapshots of a cluster (tool etcd-snapshot, cluster in scope). */
export function etcdBackups(ds: DrillSim, cluster: string): Backup[] {
  return ds.fleet.backups.filter((b) => b.tool === "etcd-snapshot" && b.clusters.includes(cluster));
}
