/**
 * Small helpers shared by rules: naming objects in messages, the objective a workload falls under,
 * and recovery times from the cluster's timing (or the Kubernetes defaults without a fleet).
 * @module
 */
import type { ServiceObjective } from "../model/fleet.js";
import { formatDuration } from "../model/units.js";
import type { RuleContext } from "./types.js";
import type { Workload } from "./view/index.js";

/** `Deployment shop/web`. */
export function describeWorkload(w: Pick<Workload, "kind" | "namespace" | "name">): string {
  return `${w.kind} ${w.namespace}/${w.name}`;
}

/** The per-service objective naming this workload (by workload name, or a Service that selects it). */
export function objectiveFor(ctx: RuleContext, w: Workload): ServiceObjective | undefined {
  const services = ctx.objectives?.services ?? [];
  if (services.length === 0) return undefined;
  const names = new Set([w.name, ...ctx.index.servicesFor(w).map((s) => s.metadata.name)]);
  return services.find((s) => names.has(s.name) && (s.namespace === undefined || s.namespace === w.namespace));
}

/** True when a Service sends traffic to the workload's pods. */
export function isServed(ctx: RuleContext, w: Workload): boolean {
  return ctx.index.servicesFor(w).length > 0;
}

/**
 * How long pods of a failed node keep counting as running before they are replaced: the node
 * monitor grace period plus the unreachable toleration (default 40 s / 50 s from 1.32, + 300 s).
 */
export function nodeFailureReplacementMs(ctx: RuleContext): number {
  const t = ctx.cluster?.timing;
  if (t) return t.nodeMonitorGracePeriodMs + t.unreachableTolerationSeconds * 1000;
  const minor = ctx.kubernetesMinor ?? 31;
  return (minor >= 32 ? 50_000 : 40_000) + 300_000;
}

export function duration(ms: number): string {
  return formatDuration(ms);
}

/** `spec.template.spec.containers[0]`-style name of a container for messages. */
export function containerLabel(c: { name: string }): string {
  return `container "${c.name}"`;
}

/** A labelSelector that selects the workload's own pods, for patches: its own spec.selector, else its template labels. */
export function ownSelector(w: Workload): Record<string, unknown> {
  const sel = (w.object.body["spec"] as Record<string, unknown> | undefined)?.["selector"];
  if (sel && typeof sel === "object" && !Array.isArray(sel) && w.kind !== "ReplicationController") return structuredClone(sel as Record<string, unknown>);
  return { matchLabels: { ...w.template.labels } };
}

/** Kinds that run a fixed number of interchangeable or ordinal replicas. */
export const REPLICATED_KINDS: ReadonlySet<string> = new Set(["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "Rollout"]);
