/**
 * Quorum systems recognised by image (and, for Kafka, by KRaft controller role): consensus stores
 * and databases whose members elect a leader by majority. n members tolerate ⌊(n−1)/2⌋ failures, so
 * an even count adds a member without adding tolerance, and fewer than 3 tolerate none.
 * @module
 */
import type { Workload } from "./workloads.js";

export interface QuorumSystem {
  /** Display name: etcd, ZooKeeper, Consul, Kafka (KRaft controllers), MongoDB, Galera, Redis Sentinel, ... */
  name: string;
  /** The container that made the match. */
  container: string;
}

interface Signature {
  name: string;
  image: RegExp;
  /** Extra test on the container (Kafka: only KRaft controllers form a quorum). */
  when?: (c: Record<string, unknown>) => boolean;
}

const NOT_A_SERVER = /(exporter|operator|proxy|ui|express|dashboard|client|backup|agent)(:|@|$)/i;

const SIGNATURES: Signature[] = [
  { name: "etcd", image: /(^|\/)etcd(:|@|$)/ },
  { name: "ZooKeeper", image: /(^|\/)(zookeeper|cp-zookeeper)(:|@|$)/ },
  { name: "Consul", image: /(^|\/)consul(:|@|$)/ },
  { name: "Kafka (KRaft controllers)", image: /(^|\/)(kafka|cp-kafka|cp-server)(:|@|$)/, when: isKraftController },
  { name: "MongoDB", image: /(^|\/)(mongo|mongodb|mongodb-community-server|mongodb-enterprise-server|percona-server-mongodb)(:|@|$)/ },
  { name: "Galera", image: /(^|\/)(mariadb-galera|percona-xtradb-cluster|galera)(:|@|$)/ },
  { name: "Redis Sentinel", image: /(^|\/)redis-sentinel(:|@|$)/ },
  { name: "Redis Sentinel", image: /(^|\/)(redis|valkey)(:|@|$)/, when: (c) => commandLine(c).includes("sentinel") },
  { name: "CockroachDB", image: /(^|\/)cockroach(:|@|$)/ },
  { name: "RabbitMQ (quorum queues)", image: /(^|\/)rabbitmq(:|@|$)/ },
  { name: "NATS JetStream", image: /(^|\/)nats(:|@|$)/, when: (c) => commandLine(c).includes("jetstream") || commandLine(c).includes("--js") },
];

const cache = new WeakMap<Workload, QuorumSystem | null>();

/** The quorum system a StatefulSet runs, if its image says so. */
export function quorumSystem(w: Workload): QuorumSystem | undefined {
  if (w.kind !== "StatefulSet") return undefined;
  let hit = cache.get(w);
  if (hit === undefined) cache.set(w, (hit = recognise(w) ?? null));
  return hit ?? undefined;
}

function recognise(w: Workload): QuorumSystem | undefined {
  for (const c of w.containers) {
    if (c.sidecar) continue;
    const image = String(c.spec["image"] ?? "");
    const repo = image.replace(/[:@].*$/, "");
    if (NOT_A_SERVER.test(repo.split("/").pop() ?? "")) continue;
    for (const s of SIGNATURES) if (s.image.test(image) && (!s.when || s.when(c.spec))) return { name: s.name, container: c.name };
  }
  return undefined;
}

/** Members needed for a majority, and failures tolerated. */
export function quorumOf(n: number): { quorum: number; tolerates: number } {
  const quorum = Math.floor(n / 2) + 1;
  return { quorum, tolerates: Math.max(0, n - quorum) };
}

function commandLine(c: Record<string, unknown>): string {
  return [...(Array.isArray(c["command"]) ? c["command"] : []), ...(Array.isArray(c["args"]) ? c["args"] : [])].map(String).join(" ").toLowerCase();
}

function isKraftController(c: Record<string, unknown>): boolean {
  const env = Array.isArray(c["env"]) ? (c["env"] as { name?: unknown; value?: unknown }[]) : [];
  const roles = env.find((e) => e && /^(KAFKA_CFG_PROCESS_ROLES|KAFKA_PROCESS_ROLES)$/.test(String(e.name)))?.value;
  if (typeof roles === "string") return roles.split(",").map((r) => r.trim()).includes("controller");
  return /process\.roles=\S*controller/.test(commandLine(c));
}

/** Members of one quorum, possibly over several StatefulSets (e.g. sentinels plus a tie-breaking witness). */
export interface QuorumGroup {
  system: string;
  namespace: string;
  /** Largest first. */
  members: { workload: Workload; count: number }[];
  total: number;
}

/** Template labels that tie StatefulSets into one application instance (Kubernetes recommended labels). */
const GROUP_LABELS = ["app.kubernetes.io/instance", "app.kubernetes.io/part-of"];

/**
 * Groups the quorum StatefulSets of one namespace that run the same system and share an
 * `app.kubernetes.io/instance` (or, failing that, `part-of`) label; others stand alone.
 */
export function quorumGroups(workloads: readonly Workload[], count: (w: Workload) => number | undefined): QuorumGroup[] {
  const groups = new Map<string, QuorumGroup>();
  for (const w of workloads) {
    const sys = quorumSystem(w);
    const n = count(w);
    if (!sys || n === undefined) continue;
    const label = GROUP_LABELS.map((l) => (w.template.labels[l] !== undefined ? `${l}=${w.template.labels[l]}` : undefined)).find(Boolean);
    const key = `${w.namespace}\u0000${sys.name}\u0000${label ?? `workload=${w.name}`}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { system: sys.name, namespace: w.namespace, members: [], total: 0 }));
    g.members.push({ workload: w, count: n });
    g.total += n;
  }
  for (const g of groups.values()) g.members.sort((a, b) => b.count - a.count);
  return [...groups.values()];
}

/** `StatefulSet payments/redis` or `StatefulSets payments/redis (4) + redis-witness (1)`. */
export function describeGroup(g: QuorumGroup): string {
  if (g.members.length === 1) return `StatefulSet ${g.namespace}/${g.members[0]!.workload.name}`;
  return `StatefulSets ${g.namespace}/${g.members.map((m) => `${m.workload.name} (${m.count})`).join(" + ")}`;
}
