/**
 * Fluent builders for twin tests, after kube-scheduler's `st.MakePod()` / `st.MakeNode()`:
 * `makePod("web-1").label("app", "web").req({ cpu: "1" }).spread(1, ZONE).obj()`.
 * @module
 */
import type { K8sObject } from "../../k8s/object.js";
import type { LabelSelector } from "../../k8s/selector.js";
import type { TwinInput } from "../build.js";
import { LABEL_HOSTNAME, LABEL_REGION, LABEL_ZONE, type NodeSpec } from "../state/nodes.js";

export const ZONE = LABEL_ZONE;
export const HOSTNAME = LABEL_HOSTNAME;

/** A Kubernetes object as the loader would produce it. */
export function k8s(kind: string, name: string, namespace: string | undefined, body: Record<string, unknown>, labels: Record<string, string> = {}, annotations: Record<string, string> = {}): K8sObject {
  const apiVersion = ({ Deployment: "apps/v1", StatefulSet: "apps/v1", DaemonSet: "apps/v1", ReplicaSet: "apps/v1", Job: "batch/v1", PriorityClass: "scheduling.k8s.io/v1", PodDisruptionBudget: "policy/v1", StorageClass: "storage.k8s.io/v1", HorizontalPodAutoscaler: "autoscaling/v2" } as Record<string, string>)[kind] ?? "v1";
  return {
    apiVersion,
    kind,
    metadata: { name, namespace, labels, annotations },
    body: { apiVersion, kind, metadata: { name, namespace, labels, annotations }, ...body },
    source: { file: "test", line: 1, column: 1, path: [] },
  };
}

export class NodeBuilder {
  private spec: NodeSpec;

  constructor(name: string) {
    this.spec = { name, labels: { [LABEL_HOSTNAME]: name }, taints: [], allocatable: { cpu: 4, memory: 16 * 2 ** 30, pods: 110 } };
  }

  zone(z: string, region = "r1"): this {
    this.spec.labels[LABEL_ZONE] = z;
    this.spec.labels[LABEL_REGION] = region;
    return this;
  }

  label(k: string, v: string): this {
    this.spec.labels[k] = v;
    return this;
  }

  cpu(cores: number): this {
    this.spec.allocatable.cpu = cores;
    return this;
  }

  memory(bytes: number): this {
    this.spec.allocatable.memory = bytes;
    return this;
  }

  pods(n: number): this {
    this.spec.allocatable.pods = n;
    return this;
  }

  extended(name: string, n: number): this {
    this.spec.allocatable.extended = { ...(this.spec.allocatable.extended ?? {}), [name]: n };
    return this;
  }

  taint(key: string, value: string | undefined, effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute"): this {
    this.spec.taints!.push({ key, value, effect });
    return this;
  }

  unschedulable(): this {
    this.spec.unschedulable = true;
    return this;
  }

  obj(): NodeSpec {
    return structuredClone(this.spec);
  }
}

export const makeNode = (name: string) => new NodeBuilder(name);

type Term = { labelSelector: LabelSelector; topologyKey: string; namespaces?: string[]; namespaceSelector?: LabelSelector };

export class PodBuilder {
  private labels: Record<string, string> = {};
  private spec: Record<string, unknown> = { containers: [{ name: "c", image: "app" }] };

  constructor(
    private name: string,
    private namespace = "default",
  ) {}

  ns(n: string): this {
    this.namespace = n;
    return this;
  }

  label(k: string, v: string): this {
    this.labels[k] = v;
    return this;
  }

  /** Requests of the (single) app container. */
  req(r: Record<string, string | number>): this {
    const c = (this.spec["containers"] as Record<string, unknown>[])[0]!;
    c["resources"] = { requests: r };
    return this;
  }

  container(c: Record<string, unknown>): this {
    (this.spec["containers"] as unknown[]).push(c);
    return this;
  }

  initContainer(c: Record<string, unknown>): this {
    this.spec["initContainers"] = [...((this.spec["initContainers"] as unknown[]) ?? []), c];
    return this;
  }

  set(key: string, value: unknown): this {
    this.spec[key] = value;
    return this;
  }

  nodeSelector(sel: Record<string, string>): this {
    this.spec["nodeSelector"] = sel;
    return this;
  }

  nodeAffinityIn(key: string, values: string[]): this {
    this.affinityPart("nodeAffinity").requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: [{ matchExpressions: [{ key, operator: "In", values }] }] };
    return this;
  }

  preferNode(weight: number, key: string, values: string[]): this {
    const na = this.affinityPart("nodeAffinity");
    na.preferredDuringSchedulingIgnoredDuringExecution = [...((na.preferredDuringSchedulingIgnoredDuringExecution as unknown[]) ?? []), { weight, preference: { matchExpressions: [{ key, operator: "In", values }] } }];
    return this;
  }

  toleration(t: Record<string, unknown>): this {
    this.spec["tolerations"] = [...((this.spec["tolerations"] as unknown[]) ?? []), t];
    return this;
  }

  priority(p: number): this {
    this.spec["priority"] = p;
    return this;
  }

  /** A topology spread constraint selecting `selector` (default: this pod's labels). */
  spread(maxSkew: number, topologyKey: string, opts: { when?: "DoNotSchedule" | "ScheduleAnyway"; selector?: Record<string, string>; minDomains?: number; nodeAffinityPolicy?: string; nodeTaintsPolicy?: string; matchLabelKeys?: string[] } = {}): this {
    const c: Record<string, unknown> = {
      maxSkew,
      topologyKey,
      whenUnsatisfiable: opts.when ?? "DoNotSchedule",
      labelSelector: { matchLabels: opts.selector ?? { ...this.labels } },
    };
    if (opts.minDomains !== undefined) c["minDomains"] = opts.minDomains;
    if (opts.nodeAffinityPolicy) c["nodeAffinityPolicy"] = opts.nodeAffinityPolicy;
    if (opts.nodeTaintsPolicy) c["nodeTaintsPolicy"] = opts.nodeTaintsPolicy;
    if (opts.matchLabelKeys) c["matchLabelKeys"] = opts.matchLabelKeys;
    this.spec["topologySpreadConstraints"] = [...((this.spec["topologySpreadConstraints"] as unknown[]) ?? []), c];
    return this;
  }

  private affinityPart(kind: "podAffinity" | "podAntiAffinity" | "nodeAffinity"): Record<string, unknown> {
    const a = (this.spec["affinity"] ??= {}) as Record<string, Record<string, unknown>>;
    return (a[kind] ??= {});
  }

  private term(selector: Record<string, string>, topologyKey: string, extra: Partial<Term> = {}): Term {
    return { labelSelector: { matchLabels: selector }, topologyKey, ...extra };
  }

  podAffinity(selector: Record<string, string>, topologyKey: string, extra: Partial<Term> = {}): this {
    const p = this.affinityPart("podAffinity");
    p.requiredDuringSchedulingIgnoredDuringExecution = [...((p.requiredDuringSchedulingIgnoredDuringExecution as unknown[]) ?? []), this.term(selector, topologyKey, extra)];
    return this;
  }

  podAntiAffinity(selector: Record<string, string>, topologyKey: string, extra: Partial<Term> = {}): this {
    const p = this.affinityPart("podAntiAffinity");
    p.requiredDuringSchedulingIgnoredDuringExecution = [...((p.requiredDuringSchedulingIgnoredDuringExecution as unknown[]) ?? []), this.term(selector, topologyKey, extra)];
    return this;
  }

  preferredPodAffinity(weight: number, selector: Record<string, string>, topologyKey: string): this {
    const p = this.affinityPart("podAffinity");
    p.preferredDuringSchedulingIgnoredDuringExecution = [...((p.preferredDuringSchedulingIgnoredDuringExecution as unknown[]) ?? []), { weight, podAffinityTerm: this.term(selector, topologyKey) }];
    return this;
  }

  preferredPodAntiAffinity(weight: number, selector: Record<string, string>, topologyKey: string): this {
    const p = this.affinityPart("podAntiAffinity");
    p.preferredDuringSchedulingIgnoredDuringExecution = [...((p.preferredDuringSchedulingIgnoredDuringExecution as unknown[]) ?? []), { weight, podAffinityTerm: this.term(selector, topologyKey) }];
    return this;
  }

  claim(name: string): this {
    this.spec["volumes"] = [...((this.spec["volumes"] as unknown[]) ?? []), { name, persistentVolumeClaim: { claimName: name } }];
    return this;
  }

  spec_(): Record<string, unknown> {
    return structuredClone(this.spec);
  }

  labels_(): Record<string, string> {
    return { ...this.labels };
  }

  /** A bare Pod object. */
  obj(): K8sObject {
    return k8s("Pod", this.name, this.namespace, { spec: this.spec_() }, this.labels_());
  }

  /** A Deployment running `replicas` copies of this pod (selector: the pod's labels). */
  deployment(replicas: number): K8sObject {
    return k8s("Deployment", this.name, this.namespace, { spec: { replicas, selector: { matchLabels: this.labels_() }, template: { metadata: { labels: this.labels_() }, spec: this.spec_() } } });
  }

  statefulSet(replicas: number, extra: Record<string, unknown> = {}): K8sObject {
    return k8s("StatefulSet", this.name, this.namespace, { spec: { replicas, serviceName: this.name, selector: { matchLabels: this.labels_() }, template: { metadata: { labels: this.labels_() }, spec: this.spec_() }, ...extra } });
  }

  daemonSet(): K8sObject {
    return k8s("DaemonSet", this.name, this.namespace, { spec: { selector: { matchLabels: this.labels_() }, template: { metadata: { labels: this.labels_() }, spec: this.spec_() } } });
  }
}

export const makePod = (name: string, namespace?: string) => new PodBuilder(name, namespace);

/** A minimal cluster for a twin. */
export function makeCluster(nodes: (NodeSpec | NodeBuilder)[], objects: K8sObject[] = [], extra: Partial<TwinInput> = {}): TwinInput {
  return { name: "test", nodes: nodes.map((n) => (n instanceof NodeBuilder ? n.obj() : n)), objects, version: { minor: 31, text: "1.31" }, ...extra };
}

/** `count` nodes round-robin over `zones`, named `<prefix>-<i>`. */
export function makeNodes(count: number, zones: string[], build: (b: NodeBuilder, i: number) => NodeBuilder = (b) => b, prefix = "node"): NodeSpec[] {
  return Array.from({ length: count }, (_, i) => build(makeNode(`${prefix}-${i + 1}`).zone(zones[i % zones.length]!), i).obj());
}
