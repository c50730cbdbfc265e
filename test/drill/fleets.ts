/**
 * Small fleets for drill tests, built in code and loaded through the real loader: one site with
 * three zones, three control-plane nodes (stacked etcd, kube-vip) and workers, plus workloads.
 */
import { baseFleet, loadValid, type FleetDraft } from "../../src/model/testing.js";
import type { FailureTarget, Fleet, ScenarioStep } from "../../src/model/fleet.js";
import { prepareDrill, type DrillOptions, type ScenarioResult, type ServiceOutcome } from "../../src/drill/index.js";

export interface FleetOptions {
  version?: string;
  /** Workers per zone (zones a, b, c). Default 1. */
  workersPerZone?: number;
  objects?: Record<string, unknown>[];
  objectives?: Record<string, unknown>;
  storage?: Record<string, unknown>[];
  managed?: boolean;
}

export function draft(o: FleetOptions = {}): FleetDraft {
  const f = baseFleet("drill");
  const c = (f.spec["clusters"] as Record<string, unknown>[])[0]!;
  c["kubernetesVersion"] = o.version ?? "1.31";
  const per = o.workersPerZone ?? 1;
  c["nodePools"] = [{ name: "w", count: per * 3, zones: ["a", "b", "c"], capacity: { cpu: "8", memory: "32Gi" } }];
  if (o.managed) c["controlPlane"] = { managed: true };
  if (o.storage) c["storage"] = o.storage;
  if (o.objectives) f.spec["objectives"] = o.objectives;
  if (o.objects) f.spec["workloads"] = [{ namespace: "shop", inline: o.objects }];
  return f;
}

export function fleet(o: FleetOptions = {}, mutate?: (f: FleetDraft) => void): Fleet {
  const f = draft(o);
  mutate?.(f);
  return loadValid(f);
}

const READINESS = { httpGet: { path: "/ready", port: 8080 }, periodSeconds: 5 };

/** A Deployment with a Service (start = podStartup 10s + readiness 5s = 15s). */
export function deployment(name: string, replicas: number, spec: Record<string, unknown> = {}, extra: { strategy?: string } = {}): Record<string, unknown>[] {
  const labels = { app: name };
  return [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        ...(extra.strategy ? { strategy: { type: extra.strategy } } : {}),
        template: { metadata: { labels }, spec: { containers: [{ name, image: `${name}:1.0`, resources: { requests: { cpu: "100m", memory: "128Mi" } }, readinessProbe: READINESS }], ...spec } },
      },
    },
    { apiVersion: "v1", kind: "Service", metadata: { name }, spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] } },
  ];
}

export function statefulSet(name: string, replicas: number, opts: { storageClass?: string; spec?: Record<string, unknown> } = {}): Record<string, unknown>[] {
  const labels = { app: name };
  return [
    {
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: { name },
      spec: {
        replicas,
        serviceName: name,
        podManagementPolicy: "Parallel",
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name, image: `${name}:1.0`, resources: { requests: { cpu: "100m", memory: "128Mi" } }, readinessProbe: READINESS }], ...(opts.spec ?? {}) } },
        ...(opts.storageClass ? { volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], storageClassName: opts.storageClass, resources: { requests: { storage: "10Gi" } } } }] } : {}),
      },
    },
    { apiVersion: "v1", kind: "Service", metadata: { name }, spec: { clusterIP: "None", selector: labels, ports: [{ port: 5432 }] } },
  ];
}

export const fail = (target: FailureTarget, atMs = 0): ScenarioStep => ({ atMs, action: "fail", target });
export const node = (name: string, cluster = "prod"): FailureTarget => ({ kind: "node", cluster, node: name });

export function drill(f: Fleet, steps: ScenarioStep[], opts: DrillOptions = {}): ScenarioResult {
  return prepareDrill(f, opts).run({ name: "test", steps });
}

export function service(r: ScenarioResult, id: string): ServiceOutcome {
  const s = r.services.find((x) => x.id === id);
  if (!s) throw new Error(`${id} not affected; affected: ${r.services.map((x) => x.id).join(", ")}`);
  return s;
}

/** Times (ms) of timeline entries whose text matches. */
export function at(r: ScenarioResult, re: RegExp): number[] {
  return r.timeline.filter((e) => re.test(e.text)).map((e) => e.atMs);
}

/** The node a pod of the workload runs on before the failure. */
export function nodeOf(f: Fleet, podPrefix: string): string {
  const d = prepareDrill(f);
  const p = d.model.cluster("prod").twin.pods().find((x) => x.name.startsWith(podPrefix));
  if (!p?.node) throw new Error(`no pod ${podPrefix}`);
  return p.node;
}
