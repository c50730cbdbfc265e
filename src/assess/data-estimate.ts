/**
 * Static RTO/RPO estimates for a data service from its replication, failover and backups — what an
 * HA reviewer computes on paper before the drill engine replays failures on the twin.
 * @module
 */
import type { Range } from "../catalog/architectures.js";
import { failoverWindowMs } from "../catalog/data-engines.js";
import type { Backup, DataService, Fleet } from "../model/fleet.js";
import { MANUAL_FAILOVER_EXTRA_MS } from "../model/normalize/workloads.js";
import { formatDuration } from "../model/units.js";

export interface DataEstimate {
  rpo: Range;
  rto: Range;
  basis: string;
}

/** Backups that protect a data service: named by it, or covering its cluster (and namespace). */
export function backupsFor(fleet: Fleet, d: DataService): Backup[] {
  const ns = d.spec.workload?.namespace;
  return fleet.backups.filter(
    (b) =>
      b.dataServices.includes(d.name) ||
      d.spec.backup === b.name ||
      (b.volumes && b.clusters.includes(d.primary.cluster) && (b.namespaces === undefined || (ns !== undefined && b.namespaces.includes(ns)))),
  );
}

function span(min: number, max: number): string {
  return min === max ? formatDuration(min) : `${formatDuration(min)}–${formatDuration(max)}`;
}

export function estimateDataService(fleet: Fleet, d: DataService): DataEstimate {
  const sync = d.replicas.filter((r) => r.mode === "sync");
  const async = d.replicas.filter((r) => r.mode === "async");
  const [fMin, fMax] = failoverWindowMs(d.engine, d.failoverMs);
  const manual = d.failover === "manual" ? MANUAL_FAILOVER_EXTRA_MS : 0;
  const backups = backupsFor(fleet, d);
  const bestBackup = backups.reduce<Backup | undefined>((best, b) => (!best || b.maxIntervalMs + b.durationMs < best.maxIntervalMs + best.durationMs ? b : best), undefined);
  if (sync.length > 0) {
    return {
      rpo: { minMs: 0, maxMs: 0, text: "0 (sync replica)" },
      rto: { minMs: fMin + manual, maxMs: fMax + manual, text: `${span(fMin + manual, fMax + manual)} (${d.failover} failover)` },
      basis: `${d.name}: ${sync.length} sync replica(s), ${d.engine} failover`,
    };
  }
  if (async.length > 0) {
    const lag = Math.min(...async.map((r) => r.lagMs));
    return {
      rpo: { minMs: 0, maxMs: lag, text: `≤ ${formatDuration(lag)} (async lag)` },
      rto: { minMs: fMin + manual, maxMs: fMax + manual, text: `${span(fMin + manual, fMax + manual)} (${d.failover} failover)` },
      basis: `${d.name}: async replica(s), ${d.engine} failover`,
    };
  }
  if (bestBackup) {
    const worst = bestBackup.maxIntervalMs + bestBackup.durationMs;
    return {
      rpo: { minMs: bestBackup.durationMs, maxMs: worst, text: `≤ ${formatDuration(worst)} (backup every ${formatDuration(bestBackup.maxIntervalMs)} + ${formatDuration(bestBackup.durationMs)})` },
      rto: { minMs: bestBackup.restoreMs, maxMs: bestBackup.restoreMs, text: `${formatDuration(bestBackup.restoreMs)} (restore from ${bestBackup.name})` },
      basis: `${d.name}: no replica, restored from backup ${bestBackup.name}`,
    };
  }
  return {
    rpo: { minMs: Infinity, maxMs: Infinity, text: "everything (no replica, no backup)" },
    rto: { minMs: Infinity, maxMs: Infinity, text: "unbounded (no replica, no backup)" },
    basis: `${d.name}: no replica and no backup`,
  };
}
