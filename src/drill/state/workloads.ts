/**
 * What the drill needs to know about each workload, read once from its manifest: how long a new pod
 * takes to become ready (image pull + start + probes, or the `hactl.dev/startup` annotation), the
 * volumes its pods mount, its termination grace period and the Services in front of it.
 * @module
 */
import { expandWorkload } from "../../k8s/expand.js";
import { field, objectRef, type K8sObject } from "../../k8s/object.js";
import { compileMapSelector } from "../../k8s/selector.js";
import { podTemplate } from "../../k8s/workload.js";
import type { Timing } from "../../catalog/kubernetes-timing.js";
import { formatDuration, parseDuration } from "../../model/units.js";

/** Pod-template (or workload) annotation that sets a pod's startup time outright: `hactl.dev/startup: 45s`. */
export const STARTUP_ANNOTATION = "hactl.dev/startup";

export interface WorkloadInfo {
  ref: string;
  kind: string;
  namespace: string;
  name: string;
  object?: K8sObject;
  /** Replicas the controller keeps (the twin's count: HPA minReplicas, eligible nodes for DaemonSets). */
  desired: number;
  /** Pods running before the failure (the drill measures recovery against this). */
  baseline: number;
  /** New pod → Ready. */
  startupMs: number;
  /** How startupMs was derived: `podStartup 10s + readinessProbe 0s + 5s × 1`. */
  startupBasis: string;
  /** PVCs every pod mounts (persistentVolumeClaim volumes). */
  claims: string[];
  /** StatefulSet volumeClaimTemplates names: pod `db-0` mounts `<template>-db-0`. */
  claimTemplates: string[];
  terminationGraceMs: number;
  /** Names of Services whose selector matches the pod template. */
  services: string[];
  labels: Record<string, string>;
}

interface Probe {
  initialDelaySeconds?: number;
  periodSeconds?: number;
  successThreshold?: number;
}

const num = (v: unknown, d: number) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : d);

/**
 * Time from a pod's creation on a node to Ready: the `hactl.dev/startup` annotation when present; else
 * timing.podStartup (image pull + container start) plus, for the slowest container, the startup probe's
 * first success (initialDelaySeconds + periodSeconds) and the readiness probe's (initialDelaySeconds +
 * periodSeconds × successThreshold) — the first probe after the delay is assumed to just miss.
 */
export function startupTime(spec: Record<string, unknown>, annotations: Record<string, string>, timing: Timing): { ms: number; basis: string } {
  const ann = annotations[STARTUP_ANNOTATION];
  if (ann !== undefined) {
    const ms = parseDuration(ann.trim());
    if (ms !== undefined) return { ms, basis: `${STARTUP_ANNOTATION}: ${ann.trim()}` };
  }
  const containers = Array.isArray(spec["containers"]) ? (spec["containers"] as Record<string, unknown>[]) : [];
  let worst = 0;
  let basis = "";
  for (const c of containers) {
    const parts: string[] = [];
    let ms = 0;
    const sp = c["startupProbe"] as Probe | undefined;
    if (sp && typeof sp === "object") {
      const d = num(sp.initialDelaySeconds, 0);
      const p = num(sp.periodSeconds, 10);
      ms += (d + p) * 1000;
      parts.push(`startupProbe ${d}s + ${p}s`);
    }
    const rp = c["readinessProbe"] as Probe | undefined;
    if (rp && typeof rp === "object") {
      const d = num(rp.initialDelaySeconds, 0);
      const p = num(rp.periodSeconds, 10);
      const s = Math.max(1, num(rp.successThreshold, 1));
      ms += (d + p * s) * 1000;
      parts.push(`readinessProbe ${d}s + ${p}s × ${s}`);
    }
    if (ms > worst || basis === "") {
      worst = ms;
      basis = parts.length > 0 ? `${parts.join(" + ")} (${String(c["name"] ?? "container")})` : "";
    }
  }
  const total = timing.podStartupMs + worst;
  return { ms: total, basis: `podStartup ${formatDuration(timing.podStartupMs)}${basis ? ` + ${basis}` : ""}` };
}

/** WorkloadInfo for every workload the twin runs, keyed by `Kind/namespace/name`. */
export function workloadInfos(objects: readonly K8sObject[], twinWorkloads: readonly { ref: string; kind: string; namespace: string; name: string; desired: number; running: number }[], timing: Timing): Map<string, WorkloadInfo> {
  const byRef = new Map(objects.map((o) => [objectRef(o), o]));
  // Services by namespace with compiled selectors: 1,500 workloads × 1,500 Services must not be a product.
  const servicesByNs = new Map<string, { name: string; matches: (l: Record<string, string>) => boolean }[]>();
  for (const o of objects) {
    if (o.kind !== "Service") continue;
    const sel = field(o.body, "spec", "selector") as Record<string, string> | undefined;
    if (!sel || typeof sel !== "object" || Object.keys(sel).length === 0) continue;
    const c = compileMapSelector(sel);
    const ns = o.metadata.namespace ?? "default";
    servicesByNs.set(ns, [...(servicesByNs.get(ns) ?? []), { name: o.metadata.name, matches: (l) => c.matches(l) }]);
  }
  const out = new Map<string, WorkloadInfo>();
  for (const w of twinWorkloads) {
    const o = byRef.get(w.ref);
    const tpl = o ? podTemplate(o) : undefined;
    const spec = tpl?.spec ?? {};
    const start = startupTime(spec, { ...(o?.metadata.annotations ?? {}), ...(tpl?.annotations ?? {}) }, timing);
    const expanded = o ? expandWorkload(o) : undefined;
    const vcts = o?.kind === "StatefulSet" && Array.isArray(field(o.body, "spec", "volumeClaimTemplates")) ? (field(o.body, "spec", "volumeClaimTemplates") as unknown[]) : [];
    const templateNames = vcts.map((v) => String(field(v, "metadata", "name") ?? "data"));
    const own = (Array.isArray(spec["volumes"]) ? (spec["volumes"] as unknown[]) : [])
      .filter((v) => !templateNames.includes(String(field(v, "name"))))
      .map((v) => field(v, "persistentVolumeClaim", "claimName"))
      .filter((c): c is string => typeof c === "string");
    out.set(w.ref, {
      ref: w.ref,
      kind: w.kind,
      namespace: w.namespace,
      name: w.name,
      object: o,
      desired: w.desired,
      baseline: w.running,
      startupMs: start.ms,
      startupBasis: start.basis,
      claims: own,
      claimTemplates: templateNames,
      terminationGraceMs: num(spec["terminationGracePeriodSeconds"], 30) * 1000,
      services: o && tpl ? (servicesByNs.get(o.metadata.namespace ?? "default") ?? []).filter((s) => s.matches(tpl.labels)).map((s) => s.name) : [],
      labels: expanded?.pods[0]?.labels ?? tpl?.labels ?? {},
    });
  }
  return out;
}

const NO_CLAIMS: readonly string[] = Object.freeze([]);

/** PVCs a pod of `w` mounts (`namespace/claim`). */
export function claimsOfPod(w: WorkloadInfo, podName: string): readonly string[] {
  if (w.claims.length === 0 && w.claimTemplates.length === 0) return NO_CLAIMS;
  return [...w.claims, ...w.claimTemplates.map((t) => `${t}-${podName}`)].map((c) => `${w.namespace}/${c}`);
}
