/** The recovery point rests on a backup whose schedule is longer than the RPO. @module */
import { defineRule } from "../rule.js";
import { backupPath, backupWorstAgeMs, duration } from "../view/fleet.js";
import { dataItems, type DataItem } from "../view/recovery.js";

export default defineRule({
  id: "backup-interval-rpo",
  title: "Backup interval (plus duration) exceeds the RPO",
  category: "backup",
  severity: "critical",
  rationale:
    "When no replica or storage copy survives a failure with recent enough data, the backup is the recovery point: " +
    "the data lost is everything written since the newest finished backup — up to the longest gap between two runs " +
    "plus the run's own duration. That must fit the RPO. Replication usually carries the RPO and backups the " +
    "disasters; this rule looks at the data where the backup is all there is.",
  appliesTo: ["Fleet"],
  scope: "fleet",
  messages: {
    interval:
      "{{kind}} {{name}} (RPO {{rpo}}) {{rely}} on backup {{backup}} after {{failure}}: every {{interval}} plus {{duration}} to run loses up to {{age}}",
    none: "{{kind}} {{name}} (RPO {{rpo}}) {{have}} no copy that survives {{failure}} within the RPO{{copy}}, and no backup",
  },
  check(ctx) {
    const fleet = ctx.fleet;
    if (!fleet) return;
    for (const item of dataItems(fleet)) {
      if (item.copy && item.copy.lagMs <= item.rpoMs) continue; // replication carries the RPO
      const failure = item.scope === "site" ? `the loss of its site` : `the loss of its node or disk`;
      const copy = item.copy ? ` (best: ${item.copy.what}, ${Number.isFinite(item.copy.lagMs) ? `lag ${duration(item.copy.lagMs)}` : "lag unknown"})` : "";
      if (item.backups.length === 0) {
        // No replica and no backup at all is backup-missing's finding.
        if (item.kind === "data service" && item.replicas === 0) continue;
        ctx.report({
          subject: { kind: item.kind === "data service" ? "DataService" : "Workload", name: item.name },
          path: item.path,
          messageId: "none",
          data: { kind: label(item), name: item.name, rpo: rpoText(item.rpoMs), failure, copy, have: item.kind === "data service" ? "has" : "have" },
          mechanism: `${mechanismOf(item)} No backup covers this data either, so the loss is unbounded.`,
          fix: fixOf(item, undefined),
        });
        continue;
      }
      const best = [...item.backups].sort((a, b) => backupWorstAgeMs(a) - backupWorstAgeMs(b))[0]!;
      const age = backupWorstAgeMs(best);
      if (age <= item.rpoMs) continue;
      ctx.report({
        subject: { kind: item.kind === "data service" ? "DataService" : "Workload", name: item.name },
        path: [...backupPath(fleet, best.name), "schedule"],
        messageId: "interval",
        data: {
          kind: label(item),
          name: item.name,
          rpo: rpoText(item.rpoMs),
          rely: item.kind === "data service" ? "relies" : "rely",
          backup: best.name,
          failure,
          interval: duration(best.maxIntervalMs),
          duration: duration(best.durationMs),
          age: duration(age),
        },
        mechanism:
          `${mechanismOf(item)} The newest usable backup of "${best.name}" (schedule "${best.schedule}") can be ${duration(best.maxIntervalMs)} old when the failure hits, plus ${duration(best.durationMs)} for the run that was in progress: ` +
          `up to ${duration(age)} of writes are lost — ${duration(age - item.rpoMs)} beyond the objective.`,
        fix: fixOf(item, age),
      });
    }
  },
});

function rpoText(ms: number): string {
  return ms === 0 ? "0" : duration(ms);
}

function label(i: DataItem): string {
  return i.kind === "data service" ? "data service" : "the volumes of";
}

function mechanismOf(i: DataItem): string {
  if (i.copy) return `The best copy that survives ${i.scope === "site" ? "a site loss" : "a node loss"} is ${i.copy.what}, which trails by ${Number.isFinite(i.copy.lagMs) ? duration(i.copy.lagMs) : "an unknown lag"} — more than the RPO.`;
  return i.scope === "site"
    ? "Geo-redundancy is required, but no replica or storage copy of this data lives in another site: after a site loss only a backup can restore it."
    : "No replica or replicated storage keeps a second copy of this data: when its node or disk is lost, only a backup can restore it.";
}

function fixOf(i: DataItem, age: number | undefined): string {
  const replicate = i.kind === "data service" ? `add a replica${i.scope === "site" ? " in another site" : ""} whose lag fits the RPO (synchronous for RPO 0)` : `keep the volumes on replicated storage${i.scope === "site" ? " spanning sites" : ""}`;
  const backup =
    i.rpoMs === 0
      ? "no backup schedule reaches RPO 0"
      : `${age === undefined ? "add a backup stored in another site and " : ""}schedule it so that the interval plus the run time stays within ${duration(i.rpoMs)} (continuous WAL archiving or snapshots for databases)`;
  return `Either ${replicate}; or ${backup}; or agree a longer RPO for this data.`;
}
