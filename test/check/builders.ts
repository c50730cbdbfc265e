/**
 * Fluent builders for check tests (kube-scheduler style: `deployment("web").replicas(3).obj()`).
 * They build plain objects; the rule tester turns them into YAML and loads them through the real
 * loader, so findings carry real file:line:column locations.
 */

type Obj = Record<string, unknown>;

export interface ContainerOptions {
  name?: string;
  image?: string;
  ports?: { name?: string; containerPort: number }[];
  readinessProbe?: Obj;
  livenessProbe?: Obj;
  startupProbe?: Obj;
  resources?: Obj;
  lifecycle?: Obj;
}

/** A container with an image, a port, probes and requests: everything the workload rules ask for. */
export function goodContainer(o: ContainerOptions = {}): Obj {
  return {
    name: o.name ?? "app",
    image: o.image ?? "registry.example.com/app:1.4.2",
    ports: o.ports ?? [{ name: "http", containerPort: 8080 }],
    readinessProbe: o.readinessProbe ?? { httpGet: { path: "/ready", port: "http" }, periodSeconds: 5 },
    livenessProbe: o.livenessProbe ?? { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 10, failureThreshold: 3, initialDelaySeconds: 10 },
    resources: o.resources ?? { requests: { cpu: "100m", memory: "128Mi" } },
    ...(o.startupProbe ? { startupProbe: o.startupProbe } : {}),
    ...(o.lifecycle ? { lifecycle: o.lifecycle } : {}),
  };
}

export class WorkloadBuilder {
  readonly body: Obj;
  constructor(kind: string, name: string, apiVersion = "apps/v1") {
    const labels = { app: name };
    this.body = {
      apiVersion,
      kind,
      metadata: { name, namespace: "default" },
      spec: {
        selector: { matchLabels: { ...labels } },
        template: { metadata: { labels: { ...labels } }, spec: { containers: [goodContainer()] } },
      },
    };
    if (kind === "StatefulSet") (this.body["spec"] as Obj)["serviceName"] = name;
  }
  private get spec(): Obj {
    return this.body["spec"] as Obj;
  }
  get podSpec(): Obj {
    return ((this.spec["template"] as Obj)["spec"]) as Obj;
  }
  ns(namespace: string): this {
    (this.body["metadata"] as Obj)["namespace"] = namespace;
    return this;
  }
  replicas(n: number | undefined): this {
    if (n === undefined) delete this.spec["replicas"];
    else this.spec["replicas"] = n;
    return this;
  }
  annotate(key: string, value: string): this {
    const m = this.body["metadata"] as Obj;
    m["annotations"] = { ...((m["annotations"] as Obj) ?? {}), [key]: value };
    return this;
  }
  /** Replaces the pod template labels (the selector stays). */
  templateLabels(labels: Record<string, string>): this {
    ((this.spec["template"] as Obj)["metadata"] as Obj)["labels"] = labels;
    return this;
  }
  selector(sel: Obj | undefined): this {
    if (sel === undefined) delete this.spec["selector"];
    else this.spec["selector"] = sel;
    return this;
  }
  image(image: string, index = 0): this {
    ((this.podSpec["containers"] as Obj[])[index]!)["image"] = image;
    return this;
  }
  container(patch: Obj, index = 0): this {
    const list = this.podSpec["containers"] as Obj[];
    list[index] = { ...(list[index] ?? goodContainer()), ...patch };
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete list[index]![k];
    return this;
  }
  containers(list: Obj[]): this {
    this.podSpec["containers"] = list;
    return this;
  }
  pod(patch: Obj): this {
    Object.assign(this.podSpec, patch);
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete this.podSpec[k];
    return this;
  }
  set(field: string, value: unknown): this {
    if (value === undefined) delete this.spec[field];
    else this.spec[field] = value;
    return this;
  }
  /** topologySpreadConstraints entry over `key` selecting the workload's own pods. */
  spread(key: string, opts: Obj = {}): this {
    const list = (this.podSpec["topologySpreadConstraints"] as Obj[] | undefined) ?? [];
    const labels = ((this.spec["template"] as Obj)["metadata"] as Obj)["labels"];
    list.push({ maxSkew: 1, topologyKey: key, whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: labels }, ...opts });
    this.podSpec["topologySpreadConstraints"] = list;
    return this;
  }
  /** Pod anti-affinity over `key` against the workload's own pods. */
  antiAffinity(key: string, required = false, selector?: Obj): this {
    const labels = ((this.spec["template"] as Obj)["metadata"] as Obj)["labels"];
    const term = { topologyKey: key, labelSelector: selector ?? { matchLabels: labels } };
    const affinity = (this.podSpec["affinity"] as Obj | undefined) ?? {};
    affinity["podAntiAffinity"] = required
      ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
      : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] };
    this.podSpec["affinity"] = affinity;
    return this;
  }
  obj(): Obj {
    return structuredClone(this.body);
  }
}

export const deployment = (name: string) => new WorkloadBuilder("Deployment", name);
export const statefulSet = (name: string) => new WorkloadBuilder("StatefulSet", name);
export const daemonSet = (name: string) => {
  const b = new WorkloadBuilder("DaemonSet", name);
  return b;
};

/** A replicated, spread, probed Deployment with a PDB-ready selector: the "correct HA" baseline. */
export function haDeployment(name: string, replicas = 3): WorkloadBuilder {
  return deployment(name).replicas(replicas).spread("topology.kubernetes.io/zone").spread("kubernetes.io/hostname", { whenUnsatisfiable: "ScheduleAnyway" });
}

export function pdb(name: string, spec: Obj, namespace = "default"): Obj {
  return { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name, namespace }, spec };
}

/** PDB with maxUnavailable 1 and AlwaysAllow over `app=<app>`. */
export function goodPdb(app: string, namespace = "default"): Obj {
  return pdb(app, { maxUnavailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow", selector: { matchLabels: { app } } }, namespace);
}

export function service(name: string, selector: Record<string, string> | undefined, namespace = "default", extra: Obj = {}): Obj {
  return { apiVersion: "v1", kind: "Service", metadata: { name, namespace }, spec: { ...(selector ? { selector } : {}), ports: [{ port: 80, targetPort: "http" }], ...extra } };
}

export function hpa(name: string, target: { kind: string; name: string }, minReplicas: number | undefined, maxReplicas: number, namespace = "default"): Obj {
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name, namespace },
    spec: { scaleTargetRef: { apiVersion: "apps/v1", ...target }, ...(minReplicas === undefined ? {} : { minReplicas }), maxReplicas },
  };
}

export function pvc(name: string, accessModes: string[], storageClassName?: string, namespace = "default"): Obj {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name, namespace },
    spec: { accessModes, resources: { requests: { storage: "10Gi" } }, ...(storageClassName ? { storageClassName } : {}) },
  };
}

export function storageClass(name: string, provisioner: string, volumeBindingMode?: string, extra: Obj = {}): Obj {
  return { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name }, provisioner, ...(volumeBindingMode ? { volumeBindingMode } : {}), ...extra };
}

export interface FleetOptions {
  /** Zones of the one site (default a, b, c). */
  zones?: string[];
  /** Worker nodes per zone (default 2). */
  workersPerZone?: number;
  kubernetesVersion?: string;
  /** Extra fields for the cluster (storage, ...). */
  cluster?: Obj;
  /** Extra fields for spec.objectives. */
  objectives?: Obj;
  /** Worker pool overrides (labels, taints). */
  pool?: Obj;
  /** Extra worker pools. */
  pools?: Obj[];
}

/** A one-site fleet with a 3-node control plane and `workersPerZone` workers in each zone. */
export function fleet(o: FleetOptions = {}): Obj {
  const zones = o.zones ?? ["zone-a", "zone-b", "zone-c"];
  const perZone = o.workersPerZone ?? 2;
  return {
    apiVersion: "hactl.dev/v1alpha1",
    kind: "Fleet",
    metadata: { name: "test" },
    spec: {
      objectives: { rto: "5m", rpo: "1m", ...(o.objectives ?? {}) },
      sites: [{ name: "dc", zones }],
      clusters: [
        {
          name: "prod",
          kubernetesVersion: o.kubernetesVersion ?? "1.31",
          controlPlane: {
            nodes: zones.flatMap((z, i) => (i < 3 ? [{ name: `cp-${i + 1}`, zone: z }] : [])),
            endpoint: { kind: "kube-vip" },
          },
          nodePools: [
            { name: "workers", count: perZone * zones.length, zones, capacity: { cpu: "8", memory: "32Gi" }, ...(o.pool ?? {}) },
            ...(o.pools ?? []),
          ],
          ...(o.cluster ?? {}),
        },
      ],
    },
  };
}
