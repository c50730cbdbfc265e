/**
 * Databases and middleware: how they fail over by default and what that costs in time and data.
 * Facts: ../shared/knowledge/failure-timings.md ("Databases and middleware"); each entry names its
 * source. Fleets override the failover time per data service (`failoverTime`).
 * @module
 */
import type { DataService } from "../model/fleet.js";

export interface DataEngineProfile {
  engine: string;
  /** Typical automatic failover: primary lost → a replica serves writes. [min, max] in ms. */
  failoverMs: [number, number];
  /** Whether the engine needs a majority of members to accept writes (odd member counts matter). */
  quorum: boolean;
  /** How replication is usually configured for RPO 0. */
  rpoZero: string;
  source: string;
  /**
   * The HA manager keeps its leader key in the Kubernetes API of its own cluster (Patroni's kubernetes
   * DCS, used by the Patroni-based operators): without API writes the primary demotes itself.
   */
  dcs?: DcsProfile;
}

export interface DcsProfile {
  /** HA managers that use the Kubernetes API as their DCS (the `operator` field; unset: the engine's default manager). */
  managers: RegExp;
  /** A failed leader-key update is retried this long before the primary demotes (retry_timeout). */
  retryTimeoutMs: number;
  /** The HA loop runs this often (loop_wait): a demotion or a new leader waits for the next loop. */
  loopWaitMs: number;
  source: string;
}

const S = 1000;

export const DATA_ENGINES: Record<string, DataEngineProfile> = {
  postgres: {
    engine: "postgres",
    failoverMs: [30 * S, 40 * S],
    quorum: false,
    rpoZero: "synchronous_commit on with a synchronous standby (Patroni synchronous_mode)",
    source: "Patroni: leader key TTL 30s, loop_wait 10s → failover ~30–40s",
    dcs: {
      managers: /patroni|zalando|spilo|crunchy|pgo|percona|stackgres/i,
      retryTimeoutMs: 10 * S,
      loopWaitMs: 10 * S,
      source: "Patroni: a leader that cannot update its leader key within retry_timeout 10s demotes Postgres to read-only (loop_wait 10s); failsafe_mode keeps it while every member answers its REST API",
    },
  },
  mysql: {
    engine: "mysql",
    failoverMs: [30 * S, 60 * S],
    quorum: false,
    rpoZero: "semi-synchronous replication (rpl_semi_sync) or Group Replication",
    source: "Orchestrator/Group Replication typical detection + promotion ~30–60s",
  },
  "mariadb-galera": {
    engine: "mariadb-galera",
    failoverMs: [2 * S, 10 * S],
    quorum: true,
    rpoZero: "synchronous by design (certification-based replication); needs quorum (odd nodes or garbd)",
    source: "Galera: evs.suspect_timeout 5s; the primary component continues with a majority",
  },
  mongodb: {
    engine: "mongodb",
    failoverMs: [10 * S, 12 * S],
    quorum: true,
    rpoZero: 'writeConcern w: "majority"',
    source: "MongoDB replica set: electionTimeoutMillis 10s → ~12s",
  },
  cassandra: {
    engine: "cassandra",
    failoverMs: [0, 5 * S],
    quorum: true,
    rpoZero: "QUORUM / LOCAL_QUORUM writes with RF 3",
    source: "Cassandra: leaderless; clients route around a dead node after the gossip failure detector (~few s)",
  },
  redis: {
    engine: "redis",
    failoverMs: [30 * S, 40 * S],
    quorum: false,
    rpoZero: "not available (asynchronous replication; WAIT reduces but does not remove loss)",
    source: "Redis Sentinel: down-after-milliseconds 30s default + failover",
  },
  "redis-sentinel": {
    engine: "redis-sentinel",
    failoverMs: [30 * S, 40 * S],
    quorum: true,
    rpoZero: "not available (asynchronous replication)",
    source: "Redis Sentinel: down-after-milliseconds 30s default + failover",
  },
  kafka: {
    engine: "kafka",
    failoverMs: [2 * S, 10 * S],
    quorum: true,
    rpoZero: "acks=all with min.insync.replicas ≥ 2 and replication factor 3",
    source: "Kafka: partition leader election by the KRaft controller quorum, seconds",
  },
  zookeeper: {
    engine: "zookeeper",
    failoverMs: [2 * S, 6 * S],
    quorum: true,
    rpoZero: "synchronous by design (ZAB quorum writes)",
    source: "ZooKeeper: tickTime 2s, initLimit/syncLimit → leader election within a few ticks",
  },
  etcd: {
    engine: "etcd",
    failoverMs: [1 * S, 2 * S],
    quorum: true,
    rpoZero: "synchronous by design (Raft quorum writes)",
    source: "etcd: election timeout 1000ms, randomised in [T, 2T)",
  },
  elasticsearch: {
    engine: "elasticsearch",
    failoverMs: [30 * S, 60 * S],
    quorum: true,
    rpoZero: "wait_for_active_shards with replicas ≥ 1",
    source: "Elasticsearch: cluster.fault_detection follower checks 3 × 10s, then replica promotion",
  },
  rabbitmq: {
    engine: "rabbitmq",
    failoverMs: [5 * S, 30 * S],
    quorum: true,
    rpoZero: "quorum queues (Raft) with publisher confirms",
    source: "RabbitMQ quorum queues: Raft leader election, seconds",
  },
  other: {
    engine: "other",
    failoverMs: [60 * S, 120 * S],
    quorum: false,
    rpoZero: "synchronous replication",
    source: "hactl assumption for an unknown engine: 1–2 min; set failoverTime",
  },
};

/** The failover window of a data service: its own `failoverTime`, else the engine's default. */
export function failoverWindowMs(engine: string, override?: number): [number, number] {
  if (override !== undefined) return [override, override];
  return (DATA_ENGINES[engine] ?? DATA_ENGINES["other"]!).failoverMs;
}

/**
 * The HA manager's DCS when it is the Kubernetes API of the members' cluster (Patroni's kubernetes
 * DCS): set by `dcs`, else assumed for the engine's default manager and the operators built on it.
 */
export function kubernetesDcs(d: Pick<DataService, "engine" | "spec">): DcsProfile | undefined {
  const p = DATA_ENGINES[d.engine]?.dcs;
  if (!p || d.spec.dcs === "external") return undefined;
  return d.spec.dcs === "kubernetes" || d.spec.operator === undefined || p.managers.test(d.spec.operator) ? p : undefined;
}
