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

/** The quorum system a StatefulSet runs, if its image says so. */
export function quorumSystem(w: Workload): QuorumSystem | undefined {
  if (w.kind !== "StatefulSet") return undefined;
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
