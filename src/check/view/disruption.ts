/**
 * PodDisruptionBudget arithmetic exactly as the disruption controller does it
 * (kubernetes/kubernetes pkg/controller/disruption): percentages round **up**, and the expected pod
 * count is the controller's scale for maxUnavailable and percentage minAvailable, or the number of
 * matching pods for an integer minAvailable.
 * @module
 */

/** An IntOrString value as written (`2`, `"50%"`). */
export type IntOrPercent = { kind: "int"; value: number } | { kind: "percent"; value: number };

/** Parses an IntOrString; `undefined` when absent, `null` when malformed. */
export function parseIntOrPercent(v: unknown): IntOrPercent | undefined | null {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "number") return Number.isInteger(v) && v >= 0 ? { kind: "int", value: v } : null;
  if (typeof v === "string") {
    const m = /^([0-9]+)%$/.exec(v.trim());
    if (m) return { kind: "percent", value: Number(m[1]) };
    if (/^[0-9]+$/.test(v.trim())) return { kind: "int", value: Number(v) };
  }
  return null;
}

/** `intstr.GetScaledValueFromIntOrPercent(v, total, roundUp)`. */
export function scaled(v: IntOrPercent, total: number, roundUp: boolean): number {
  if (v.kind === "int") return v.value;
  const exact = (v.value * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

export function formatIntOrPercent(v: IntOrPercent): string {
  return v.kind === "int" ? String(v.value) : `${v.value}%`;
}

export interface Budget {
  minAvailable?: IntOrPercent;
  maxUnavailable?: IntOrPercent;
}

/**
 * Pods that must stay healthy (`desiredHealthy`) when `pods` pods are expected. A budget with neither
 * field protects nothing: the controller leaves desiredHealthy at 0 (`getExpectedPodCount`).
 */
export function desiredHealthy(b: Budget, pods: number): number {
  if (b.maxUnavailable) return Math.max(0, pods - scaled(b.maxUnavailable, pods, true));
  if (b.minAvailable) return scaled(b.minAvailable, pods, true);
  return 0;
}

/** Voluntary disruptions the budget allows when all `pods` are healthy. */
export function allowedDisruptions(b: Budget, pods: number): number {
  return Math.max(0, pods - desiredHealthy(b, pods));
}

/** Human description of the budget: `minAvailable 50% (= 2 of 3 pods)`. */
export function describeBudget(b: Budget, pods: number): string {
  const d = desiredHealthy(b, pods);
  if (b.maxUnavailable) return `maxUnavailable ${formatIntOrPercent(b.maxUnavailable)} (= at least ${d} of ${pods} pod${pods === 1 ? "" : "s"} must stay up)`;
  if (b.minAvailable) return `minAvailable ${formatIntOrPercent(b.minAvailable)} (= ${d} of ${pods} pod${pods === 1 ? "" : "s"} must stay up)`;
  return "no minAvailable or maxUnavailable";
}

/** A workload's share of the pods a PDB counts. */
export interface CoveredWorkload<W> {
  workload: W;
  /** Pods it runs in the worst (smallest) case: HPA minReplicas when an HPA controls it. */
  pods: number;
  /** Why that number: `3 replicas`, `HPA minimum 2`, `1 per eligible node (6)`. */
  basis: string;
}
