/** Human names of failure targets and steps, for timelines and results. @module */
import type { FailureTarget, ScenarioStep } from "../../model/fleet.js";
import { formatDuration } from "../../model/units.js";
import type { StepView } from "../types.js";

export function describeTarget(t: FailureTarget): string {
  switch (t.kind) {
    case "node":
      return `node ${t.node} (${t.cluster})`;
    case "shutdown":
      return `node ${t.node} (${t.cluster}, graceful shutdown ${formatDuration(t.gracePeriodMs)})`;
    case "drain":
      return `drain of node ${t.node} (${t.cluster})`;
    case "zone":
      return `zone ${t.zone}`;
    case "site":
      return `site ${t.site}`;
    case "cluster":
      return `cluster ${t.cluster}`;
    case "etcd-member":
      return `etcd member ${t.member} (${t.cluster})`;
    case "endpoint":
      return `API endpoint of ${t.cluster}${t.instances > 1 ? ` (${t.instances} instances)` : ""}`;
    case "storage-node":
      return `storage node ${t.node} (${t.cluster})`;
    case "gslb-target":
      return `GSLB target ${t.cluster} of ${t.hostname}`;
    case "partition":
      return `partition ${t.groups.map((g) => `[${g.join(", ")}]`).join(" | ")} | rest`;
    case "latency":
      return `latency ${t.between[0]}↔${t.between[1]} ${formatDuration(t.rttMs)}`;
  }
}

export function describeStep(s: ScenarioStep): StepView {
  return { atMs: s.atMs, action: s.action, target: describeTarget(s.target) };
}
