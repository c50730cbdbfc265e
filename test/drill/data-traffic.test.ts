/**
 * RPO from data services, storage and backups; traffic failover through DNS; graceful shutdown;
 * declared scenarios; and the changes the drill proposes, each with the number it gives.
 */
import { describe, expect, it } from "vitest";
import { at, deployment, drill, fail, fleet, node, nodeOf, service, statefulSet } from "./fleets.js";
import { prepareDrill } from "../../src/drill/index.js";
import type { FleetDraft } from "../../src/model/testing.js";
import type { ScenarioStep } from "../../src/model/fleet.js";

const START = 15_000;
const SYNC = 1_000;

function withData(d: FleetDraft, replicas: Record<string, unknown>[], extra: Record<string, unknown> = {}): void {
  d.spec["dataServices"] = [{ name: "orders-db", engine: "postgres", workload: { namespace: "shop", name: "db" }, primary: { cluster: "prod" }, replicas, failoverTime: "40s", ...extra }];
}

describe("data services", () => {
  it("primary lost, sync replica promoted after the engine's failover: RTO 40 s, RPO 0", () => {
    const f = fleet({ objects: statefulSet("db", 3) }, (d) => withData(d, [{ cluster: "prod", mode: "sync" }, { cluster: "prod", mode: "async", lag: "5s" }]));
    const r = drill(f, [fail(node(nodeOf(f, "db-0")))]);
    const db = service(r, "data/orders-db");
    expect(db.rtoMs).toBe(40_000);
    expect(db.rpoMs).toBe(0);
    expect(db.mechanism).toBe("postgres failover 40s (failoverTime)");
    expect(db.rpoBasis).toMatch(/promoted a sync replica/);
  });

  it("only async replicas: RPO = the replication lag; the fix makes it synchronous", () => {
    const f = fleet({ objects: statefulSet("db", 2), objectives: { rto: "5m", rpo: "0" } }, (d) => withData(d, [{ cluster: "prod", mode: "async", lag: "5s" }]));
    const r = drill(f, [fail(node(nodeOf(f, "db-0")))]);
    const db = service(r, "data/orders-db");
    expect(db.rpoMs).toBe(5_000);
    expect(db.verdict).toBe("missed");
    expect(db.reasons).toEqual(["RPO 5s > objective 0s (spec.objectives)"]);
    expect(db.fix).toMatchObject({ change: "mode: sync for the replicas of orders-db (synchronous commit)", rpoMs: 0, rtoMs: 40_000, meets: true });
  });

  it("manual failover adds the decision time (10 min)", () => {
    const f = fleet({ objects: statefulSet("db", 2) }, (d) => withData(d, [{ cluster: "prod", mode: "sync" }], { failover: "manual" }));
    const db = service(drill(f, [fail(node(nodeOf(f, "db-0")))]), "data/orders-db");
    expect(db.rtoMs).toBe(10 * 60_000 + 40_000);
    expect(db.fix).toMatchObject({ change: "failover: automatic on orders-db", rtoMs: 40_000, meets: true });
  });

  it("every copy lost: RPO = the longest gap between backups + one run, RTO = decision + restore", () => {
    const f = fleet({ objects: statefulSet("db", 1), objectives: { rto: "1h", rpo: "2h" } }, (d) => {
      d.spec["sites"] = [{ name: "dc1", zones: ["a", "b", "c"] }, { name: "vault" }];
      withData(d, [], { backup: "nightly" });
      d.spec["backups"] = [{ name: "nightly", tool: "pgbackrest", schedule: "0 * * * *", duration: "10m", restoreTime: "20m", scope: { dataServices: ["orders-db"], volumes: false }, location: { site: "vault" } }];
    });
    const r = drill(f, [fail({ kind: "zone", zone: "a" }), fail({ kind: "zone", zone: "b" }), fail({ kind: "zone", zone: "c" })]);
    const db = service(r, "data/orders-db");
    expect(db.rpoMs).toBe(60 * 60_000 + 10 * 60_000);
    expect(db.rpoBasis).toMatch(/backup nightly \(0 \* \* \* \*, worst case 1h since the last run \+ 10m for the run\)/);
  });
});

describe("Patroni's leader key in the Kubernetes API (kubernetes DCS)", () => {
  const quorumLost = [fail({ kind: "etcd-member", cluster: "prod", member: "cp-2" }), fail({ kind: "etcd-member", cluster: "prod", member: "cp-3" })];
  const recover = (atMs: number): ScenarioStep[] => ["cp-2", "cp-3"].map((member) => ({ atMs, action: "recover" as const, target: { kind: "etcd-member" as const, cluster: "prod", member } }));
  const pg = (extra: Record<string, unknown> = {}) => fleet({ objects: statefulSet("db", 2) }, (d) => withData(d, [{ cluster: "prod", mode: "sync" }], extra));

  it("etcd quorum lost: the primary cannot renew its key and demotes itself after retry_timeout + one loop (20 s worst case); no replica may take over", () => {
    const r = drill(pg(), quorumLost);
    const db = service(r, "data/orders-db");
    expect(db.unavailable[0]!.startMs).toBe(20_000);
    expect(db.rtoMs).toBe(Infinity);
    expect(db.unbounded).toMatch(/Patroni demoted the primary to read-only — its leader key lives in the Kubernetes API of prod \(Patroni's kubernetes DCS\), and etcd quorum lost \(1 of 3 members; 2 needed\)/);
    expect(at(r, /Postgres demoted to read-only/)).toEqual([20_000]);
    expect(db.mechanism).toBe("Patroni leader key: etcd quorum lost");
  });

  it("writes return with quorum: leader again in the next HA loop; RTO counts from the failure", () => {
    const r = drill(pg(), [...quorumLost, ...recover(120_000)]);
    const db = service(r, "data/orders-db");
    expect(db.unavailable).toEqual([{ startMs: 20_000, endMs: expect.any(Number) }].map((w) => expect.objectContaining(w)));
    // Quorum back at 120 s + the Raft election (2 s worst case), then at most one loop_wait (10 s).
    expect(db.rtoMs).toBeGreaterThan(120_000);
    expect(db.rtoMs).toBeLessThanOrEqual(132_000);
    expect(db.rpoMs).toBe(0);
    expect(db.mechanism).toMatch(/^Patroni leader key: primary read-only while the Kubernetes API of prod refused writes/);
  });

  it("a replica promotes only once it can write the leader key: primary and etcd quorum lost, quorum back at 120 s", () => {
    const f = pg();
    const r = drill(f, [fail(node(nodeOf(f, "db-0"))), ...quorumLost, ...recover(120_000)]);
    const db = service(r, "data/orders-db");
    expect(db.rtoMs).toBeGreaterThan(120_000);
    expect(db.rtoMs).toBeLessThanOrEqual(130_000);
    expect(db.mechanism).toMatch(/^Patroni leader key: no replica could take it until the Kubernetes API of prod accepted writes again/);
    expect(at(r, /no failover yet/)).toEqual([40_000]);
    const never = service(drill(f, [fail(node(nodeOf(f, "db-0"))), ...quorumLost]), "data/orders-db");
    expect(never.unbounded).toMatch(/no replica can take the leader key — .*etcd quorum lost/);
    // failsafe_mode cannot help: a member (the old primary) is gone.
    expect(never.fix?.change ?? "").not.toMatch(/failsafeMode/);
  });

  it("a primary cut off from the side that holds etcd quorum cannot renew its key either", () => {
    // Six workers against three control-plane nodes: clients stay with the workers and the database.
    const f = fleet({ workersPerZone: 2, objects: statefulSet("db", 2) }, (d) => withData(d, [{ cluster: "prod", mode: "sync" }]));
    const r = drill(f, [fail({ kind: "partition", groups: [["cp-1", "cp-2", "cp-3"]] })]);
    expect(at(r, /Postgres demoted to read-only/)).toEqual([20_000]);
    expect(service(r, "data/orders-db").unavailable[0]!.startMs).toBe(20_000);
  });

  it("a blip shorter than retry_timeout costs nothing", () => {
    const r = drill(pg(), [...quorumLost, ...recover(5_000)]);
    expect(r.services.find((x) => x.id === "data/orders-db")?.rtoMs ?? 0).toBe(0);
    expect(at(r, /demoted/)).toEqual([]);
  });

  it("failsafe_mode keeps the primary while every member answers, and the drill proposes it as the fix", () => {
    const kept = drill(pg({ failsafeMode: true }), quorumLost);
    expect(kept.services.find((x) => x.id === "data/orders-db")?.rtoMs ?? 0).toBe(0);
    expect(at(kept, /failsafe_mode keeps the primary/)).toEqual([20_000]);
    const db = service(drill(pg(), quorumLost), "data/orders-db");
    expect(db.fix).toMatchObject({ change: "failsafeMode: true on orders-db (Patroni failsafe_mode)", rtoMs: 0, meets: true });
  });

  it("failsafe_mode does not hold once a member is gone too", () => {
    const f = pg({ failsafeMode: true });
    const r = drill(f, [...quorumLost, fail(node(nodeOf(f, "db-1")), 30_000)]);
    const db = service(r, "data/orders-db");
    expect(db.rtoMs).toBe(Infinity);
    expect(db.unbounded).toMatch(/failsafe_mode needs every member to answer/);
  });

  it("an external DCS and CloudNativePG do not depend on the cluster's API", () => {
    for (const extra of [{ dcs: "external" }, { operator: "cloudnative-pg" }]) {
      const r = drill(pg(extra), quorumLost);
      expect(r.services.find((x) => x.id === "data/orders-db")).toBeUndefined();
    }
  });
});

describe("traffic", () => {
  const twoClusters = (strategy: string, mode = "active-active") =>
    fleet({ objects: deployment("web", 2) }, (d) => {
      const c1 = (d.spec["clusters"] as Record<string, unknown>[])[0]!;
      d.spec["sites"] = [{ name: "dc1", zones: ["a", "b", "c"] }, { name: "dc2", zones: ["x", "y", "z"] }];
      d.spec["latency"] = { links: [{ between: ["dc1", "dc2"], rtt: "20ms" }] };
      d.spec["objectives"] = { rto: "5m", rpo: "1m", geoRedundancy: "required" };
      const c2 = structuredClone(c1);
      c2["name"] = "dr";
      c2["controlPlane"] = { nodes: [{ name: "dr-cp-1", zone: "x" }, { name: "dr-cp-2", zone: "y" }, { name: "dr-cp-3", zone: "z" }], endpoint: { kind: "kube-vip" } };
      c2["nodePools"] = [{ name: "dw", count: 3, zones: ["x", "y", "z"], capacity: { cpu: "8", memory: "32Gi" } }];
      (d.spec["clusters"] as Record<string, unknown>[]).push(c2);
      d.spec["placement"] = [{ name: "shop", workloads: { namespaces: ["shop"] }, clusters: ["prod", "dr"], mode, ...(mode === "active-passive" ? { standby: "hot", promotionTime: "2m" } : {}) }];
      d.spec["traffic"] = {
        resolverCache: "30s",
        hostnames: [{ name: "shop.example.com", strategy, ttl: "30s", healthCheck: { interval: "10s", fall: 3, rise: 2 }, workload: { namespace: "shop", name: "web" }, targets: [{ cluster: "prod", addresses: ["192.0.2.1"] }, { cluster: "dr", addresses: ["192.0.2.2"] }] }],
      };
    });

  it("failover host name: clients reach the other cluster after detection (interval × fall) + TTL + resolver cache", () => {
    const r = drill(twoClusters("failover"), [fail({ kind: "site", site: "dc1" })]);
    const h = service(r, "hostname/shop.example.com");
    expect(h.rtoMs).toBe(30_000 + 30_000 + 30_000);
    expect(h.mechanism).toBe("GSLB detection 30s + DNS TTL 30s + resolver cache 30s");
    // The workload itself serves from the other cluster all along (active-active).
    expect(service(r, "Deployment/shop/web").rtoMs).toBe(0);
  });

  it("a lower TTL is the fix when the objective is tighter, with the number it gives", () => {
    const f = twoClusters("failover");
    f.objectives.services.push({ name: "shop.example.com", rtoMs: 60_000, rpoMs: 60_000, critical: true });
    const h = service(prepareDrill(f).run({ name: "t", steps: [fail({ kind: "site", site: "dc1" })] }), "hostname/shop.example.com");
    expect(h.verdict).toBe("missed");
    expect(h.fix).toMatchObject({ rtoMs: 10_000 + 10_000 + 30_000, meets: true });
    expect(h.fix!.change).toMatch(/^ttl: 10s and health checks every 5s with fall 2/);
  });

  it("active-passive with a hot standby: detection, promotion, health checks pass, TTL, resolver cache", () => {
    const r = drill(twoClusters("failover", "active-passive"), [fail({ kind: "cluster", cluster: "prod" })]);
    const h = service(r, "hostname/shop.example.com");
    expect(h.rtoMs).toBe(30_000 + 120_000 + 20_000 + 30_000 + 30_000);
    expect(h.chain.map((s) => s.label)).toEqual(["GSLB detection 30s (interval × fall)", "hot standby promotion 2m (automatic failover)", "standby health checks pass 20s (interval × rise)", "DNS TTL 30s", "resolver cache 30s"]);
    expect(service(r, "Deployment/shop/web").rtoMs).toBe(120_000);
  });

  it("a failed GSLB target alone: only the DNS path, the cluster is fine", () => {
    const r = drill(twoClusters("failover"), [fail({ kind: "gslb-target", hostname: "shop.example.com", cluster: "prod" })]);
    expect(service(r, "hostname/shop.example.com").rtoMs).toBe(90_000);
    expect(r.services.map((s) => s.id)).toEqual(["hostname/shop.example.com"]);
  });
});

describe("nodes, scenarios and fixes", () => {
  it("graceful node shutdown: pods leave the endpoints at once and are replaced without the 300 s toleration", () => {
    const f = fleet({ objects: deployment("web", 3) });
    const victim = nodeOf(f, "web-");
    const r = drill(f, [fail({ kind: "shutdown", cluster: "prod", node: victim, gracePeriodMs: 30_000 })]);
    const web = service(r, "Deployment/shop/web");
    expect(web.unavailable).toEqual([]);
    expect(web.capacityRtoMs).toBe(30_000 + START + SYNC);
    expect(at(r, /evicted: 300s/)).toEqual([]);
  });

  it("a single replica misses a tight RTO; the fix is a shorter toleration, re-run to give its number", () => {
    const f = fleet({ objects: deployment("web", 1), objectives: { rto: "2m", rpo: "1m" } });
    const r = drill(f, [fail(node(nodeOf(f, "web-")))]);
    const web = service(r, "Deployment/shop/web");
    expect(web.rtoMs).toBe(40_000 + 10_000 + 300_000 + START + SYNC);
    expect(web.fix).toMatchObject({ meets: true, rtoMs: 40_000 + 10_000 + 30_000 + START + SYNC });
    expect(web.fix!.text).toBe("tolerationSeconds: 30 for node.kubernetes.io/unreachable and not-ready on Deployment/shop/web → RTO 1m36s");
  });

  it("runs a scenario declared in spec.scenarios, steps at their times", () => {
    const f = fleet({ objects: deployment("web", 3) }, (d) => {
      d.spec["scenarios"] = [{ name: "two-nodes", steps: [{ at: "0s", fail: { node: "w-1" } }, { at: "2m", fail: { node: "w-2" } }, { at: "30m", recover: { node: "w-1" } }] }];
    });
    const d = prepareDrill(f);
    const r = d.run(f.scenarios[0]!);
    expect(r.steps.map((s) => [s.atMs, s.action, s.target])).toEqual([
      [0, "fail", "node w-1 (prod)"],
      [120_000, "fail", "node w-2 (prod)"],
      [1_800_000, "recover", "node w-1 (prod)"],
    ]);
    expect(at(r, /node w-2 Ready=Unknown/)).toEqual([120_000 + 45_000]);
    expect(at(r, /node w-1 Ready again/)).toEqual([1_800_000]);
    expect(d.scenarios().at(-1)).toMatchObject({ domain: "declared", inScope: true });
  });

  it("an NFS server is a single point of failure for its volumes", () => {
    const storage = [{ name: "nfs", provider: "nfs", replicas: 1, storageClasses: ["nfs"], accessModes: ["ReadWriteMany"], nodes: ["w-3"] }];
    const pvc = { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "shared" }, spec: { accessModes: ["ReadWriteMany"], storageClassName: "nfs", resources: { requests: { storage: "5Gi" } } } };
    const f = fleet({ storage, objects: [pvc, ...deployment("app", 2, { volumes: [{ name: "d", persistentVolumeClaim: { claimName: "shared" } }] })] });
    const r = drill(f, [fail({ kind: "storage-node", cluster: "prod", node: "w-3" })]);
    const app = service(r, "Deployment/shop/app");
    expect(app.rtoMs).toBe(Infinity);
    expect(app.rpoMs).toBe(Infinity);
    expect(app.rpoBasis).toMatch(/nfs keeps one copy, on w-3, which failed/);
  });
});

describe("partitions, latency, zonal volumes, DaemonSets", () => {
  const stretched = () =>
    fleet({ objects: deployment("web", 4) }, (d) => {
      d.spec["sites"] = [{ name: "s1" }, { name: "s2" }, { name: "s3" }];
      d.spec["latency"] = { links: [{ between: ["s1", "s2"], rtt: "2ms" }, { between: ["s1", "s3"], rtt: "3ms" }, { between: ["s2", "s3"], rtt: "3ms" }] };
      const c = (d.spec["clusters"] as Record<string, unknown>[])[0]!;
      c["controlPlane"] = { nodes: [{ name: "cp-1", zone: "s1" }, { name: "cp-2", zone: "s2" }, { name: "cp-3", zone: "s3" }], endpoint: { kind: "kube-vip" } };
      c["nodePools"] = [{ name: "w", count: 4, zones: ["s1", "s2"], capacity: { cpu: "8", memory: "32Gi" } }];
    });

  it("a partition: the side with etcd quorum keeps the API; nodes cut off from it go NotReady and their pods are replaced", () => {
    const r = drill(stretched(), [fail({ kind: "partition", groups: [["s1"], ["s2", "s3"]] })]);
    // cp-1 (the leaders) is on the minority side: etcd elects a new leader, the controllers move to s2/s3.
    expect(r.timeline.some((e) => /etcd leader lost \(the leader is on the minority side\)/.test(e.text))).toBe(true);
    expect(r.timeline.some((e) => /kube-controller-manager leader lost; cp-2 takes the lease/.test(e.text))).toBe(true);
    expect(at(r, /node w-1 Ready=Unknown/).length).toBe(1);
    expect(at(r, /node w-2 Ready=Unknown/)).toEqual([]);
    const web = service(r, "Deployment/shop/web");
    expect(web.rtoMs).toBe(0);
    expect(Number.isFinite(web.capacityRtoMs)).toBe(true);
  });

  it("a latency spike between etcd members: ≥ 10 ms degrades writes (leader churn), beyond the election timeout the API refuses writes", () => {
    const slow = drill(stretched(), [fail({ kind: "latency", between: ["s1", "s2"], rttMs: 40 }), fail({ kind: "latency", between: ["s1", "s3"], rttMs: 40 })]);
    const cp = service(slow, "control-plane/prod");
    expect(cp.rtoMs).toBe(0);
    expect(cp.degraded[0]!.endMs).toBe(Infinity);
    expect(slow.timeline.some((e) => /etcd commits now wait 40ms for a quorum/.test(e.text))).toBe(true);
    const cut = drill(stretched(), [fail({ kind: "latency", between: ["s1", "s2"], rttMs: 1500 }), fail({ kind: "latency", between: ["s1", "s3"], rttMs: 1500 })]);
    expect(service(cut, "control-plane/prod").rtoMs).toBe(Infinity);
  });

  it("etcd stretched over ≥ 10 ms: the drill says so, and an election takes the round trip longer", () => {
    const f = fleet({}, (d) => {
      d.spec["sites"] = [{ name: "s1" }, { name: "s2" }, { name: "s3" }];
      d.spec["latency"] = { links: [{ between: ["s1", "s2"], rtt: "20ms" }, { between: ["s1", "s3"], rtt: "20ms" }, { between: ["s2", "s3"], rtt: "20ms" }] };
      const c = (d.spec["clusters"] as Record<string, unknown>[])[0]!;
      c["controlPlane"] = { nodes: [{ name: "cp-1", zone: "s1" }, { name: "cp-2", zone: "s2" }, { name: "cp-3", zone: "s3" }], endpoint: { kind: "kube-vip" } };
      c["nodePools"] = [{ name: "w", count: 3, zones: ["s1", "s2", "s3"], capacity: { cpu: "8", memory: "32Gi" } }];
    });
    const r = drill(f, [fail({ kind: "etcd-member", cluster: "prod", member: "cp-1" })]);
    expect(r.notes).toContainEqual(expect.stringMatching(/^etcd of prod commits across 20 ms \(≥ 10 ms\)/));
    expect(service(r, "control-plane/prod").rtoMs).toBe(2_020);
  });

  it("a zonal volume cannot follow its pod to another zone: the replacement stays Pending after the zone is lost", () => {
    const storage = [{ name: "disk", provider: "cloud-block", replicas: 1, zonal: true, volumeBindingMode: "WaitForFirstConsumer", storageClasses: ["disk"], accessModes: ["ReadWriteOnce"] }];
    const f = fleet({ storage, objects: statefulSet("db", 1, { storageClass: "disk" }) });
    const zone = prepareDrill(f).model.cluster("prod").twin.pod("shop/db-0")!.zone!;
    const r = drill(f, [fail({ kind: "zone", zone }), { atMs: 600_000, action: "out-of-service", target: node(nodeOf(f, "db-0")) }]);
    const db = service(r, "StatefulSet/shop/db");
    expect(db.rtoMs).toBe(Infinity);
    expect(db.unbounded).toMatch(/volume node affinity conflict|volume shop\/data-db-0 is unavailable: zonal volume in zone/);
    expect(db.rpoMs).toBe(Infinity);
  });

  it("DaemonSet pods on a dead node are never evicted or replaced (they tolerate unreachable forever)", () => {
    const ds = { apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "agent" }, spec: { selector: { matchLabels: { app: "agent" } }, template: { metadata: { labels: { app: "agent" } }, spec: { containers: [{ name: "a", image: "agent:1" }] } } } };
    const r = drill(fleet({ objects: [ds] }), [fail(node("w-1"))]);
    const agent = service(r, "DaemonSet/shop/agent");
    expect(agent.rtoMs).toBe(0);
    expect(agent.capacityRtoMs).toBe(Infinity);
    expect(at(r, /evicted/)).toEqual([]);
  });
});
