/**
 * The expected-outcomes table of ../shared/knowledge/failure-timings.md, reproduced on small fleets
 * with default timings (G = node-monitor-grace-period: 40 s up to 1.31, 50 s from 1.32; P = the 5 s
 * node-monitor-period; worst-case drills). Every row of the table has a test here.
 */
import { describe, expect, it } from "vitest";
import { at, deployment, drill, fail, fleet, node, nodeOf, service, statefulSet } from "./fleets.js";

const P = 5_000;
const START = 15_000; // podStartup 10s + readiness probe 0s + 5s × 1
const SYNC = 1_000; // kube-proxy minSyncPeriod

describe.each([
  ["1.31", 40_000],
  ["1.32", 50_000],
])("node crash on Kubernetes %s (G = %i ms)", (version, G) => {
  const f = fleet({ version, objects: deployment("web", 3) });
  const victim = nodeOf(f, "web-");
  const r = drill(f, [fail(node(victim))]);
  const web = service(r, "Deployment/shop/web");

  it("traffic: the dead pod leaves the endpoints at G + ≤ 5 s (monitor pass) + 1 s (kube-proxy)", () => {
    const removed = at(r, /kube-proxy removed 1 NotReady endpoint/);
    expect(removed).toEqual([G + P + SYNC]);
    expect(removed[0]).toBeLessThanOrEqual(G + 6_000);
    // Until then requests routed to the dead pod fail: the service is degraded from the crash, never down.
    expect(web.unavailable).toEqual([]);
    expect(web.degraded[0]!.startMs).toBe(0);
    expect(web.rtoMs).toBe(0);
  });

  it("Deployment replicas are restored at ≈ G + 300 s + start (taint at the next monitor pass, then the 300 s toleration)", () => {
    expect(at(r, /Ready=Unknown/)).toEqual([G + P]);
    expect(at(r, /tainted node.kubernetes.io\/unreachable:NoExecute/)).toEqual([G + 2 * P]);
    expect(at(r, /evicted: 300s default toleration/)).toEqual([G + 2 * P + 300_000]);
    expect(web.capacityRtoMs).toBe(G + 2 * P + 300_000 + START + SYNC);
    // "≈ G + 300 s + start (5m40s / 5m50s + start)": within two monitor passes and one kube-proxy sync.
    expect(web.capacityRtoMs - (G + 300_000 + START)).toBeGreaterThanOrEqual(0);
    expect(web.capacityRtoMs - (G + 300_000 + START)).toBeLessThanOrEqual(2 * P + SYNC);
    expect(web.mechanism).toMatch(/^300s default toleration/);
    expect(web.chain.map((s) => s.mechanism)).toEqual(["node-lifecycle", "node-lifecycle", "taint-eviction", "pod-start", "endpoints"]);
  });
});

describe("stateful workloads and volumes", () => {
  const storage = [{ name: "ceph", provider: "rook-ceph", replicas: 3, replication: "sync", failureDomain: "host", storageClasses: ["ceph-block"], accessModes: ["ReadWriteOnce"] }];

  it("a single StatefulSet replica with an RWO volume is unbounded without intervention (at most one pod per identity)", () => {
    const f = fleet({ storage, objects: statefulSet("db", 1, { storageClass: "ceph-block" }) });
    const r = drill(f, [fail(node(nodeOf(f, "db-0")))]);
    const db = service(r, "StatefulSet/shop/db");
    expect(db.rtoMs).toBe(Infinity);
    expect(db.unavailable).toEqual([{ startMs: 0, endMs: Infinity }]);
    expect(db.unbounded).toMatch(/stays Terminating on unreachable node .*at most one pod per identity.*out-of-service/);
    expect(db.mechanism).toBe("StatefulSet at-most-one identity (stuck Terminating)");
    expect(db.verdict).toBe("missed");
    // Replicated storage kept the data: nothing is lost, it is just not served.
    expect(db.rpoMs).toBe(0);
  });

  it("the out-of-service taint frees it at once: replacement after the taint + attach + start", () => {
    const f = fleet({ storage, objects: statefulSet("db", 1, { storageClass: "ceph-block" }) });
    const r = drill(f, [fail(node(nodeOf(f, "db-0"))), { atMs: 120_000, action: "out-of-service", target: node(nodeOf(f, "db-0")) }]);
    const db = service(r, "StatefulSet/shop/db");
    expect(db.rtoMs).toBe(120_000 + 30_000 + START + SYNC);
    expect(db.chain.some((s) => s.label.startsWith("attach 30s"))).toBe(true);
  });

  it("the fix for the stuck StatefulSet is fencing (automatic out-of-service), with the RTO it gives", () => {
    const f = fleet({ storage, objects: statefulSet("db", 1, { storageClass: "ceph-block" }) });
    const r = drill(f, [fail(node(nodeOf(f, "db-0")))]);
    const fix = service(r, "StatefulSet/shop/db").fix!;
    expect(fix.change).toMatch(/out-of-service 1m after a node goes NotReady/);
    // Detected at G + P, fenced a minute later, attach 30 s, start 15 s, kube-proxy 1 s.
    expect(fix.rtoMs).toBe(40_000 + P + 60_000 + 30_000 + START + SYNC);
    expect(fix.meets).toBe(true);
  });

  it("an RWO volume of a Deployment waits for the 6 min force detach: ≈ G + 300 s + 360 s + attach + start (≥ 12 min)", () => {
    const pvc = { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "uploads" }, spec: { accessModes: ["ReadWriteOnce"], storageClassName: "ceph-block", resources: { requests: { storage: "5Gi" } } } };
    const objs = [pvc, ...deployment("uploads", 1, { volumes: [{ name: "data", persistentVolumeClaim: { claimName: "uploads" } }] }, { strategy: "Recreate" })];
    const f = fleet({ storage, objects: objs });
    const r = drill(f, [fail(node(nodeOf(f, "uploads-")))]);
    const up = service(r, "Deployment/shop/uploads");
    const G = 40_000;
    expect(up.rtoMs).toBe(G + 2 * P + 300_000 + 360_000 + 30_000 + START + SYNC);
    expect(up.rtoMs).toBeGreaterThanOrEqual(12 * 60_000);
    expect(up.mechanism).toBe("RWO force detach after 6m (maxWaitForUnmountDuration)");
  });
});

describe("zone loss", () => {
  const spread = (honor: boolean) => ({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", ...(honor ? { nodeTaintsPolicy: "Honor" } : {}), labelSelector: { matchLabels: { app: "web" } } }] });

  it("FullDisruption taints one node per 10 s: node k is evicted at ≈ G + 10 s·k + 300 s", () => {
    const f = fleet({ workersPerZone: 3, objects: deployment("web", 9, spread(true)) });
    // Zone c: cp-3 and three workers (the controllers' leaders sit on cp-1, in zone a).
    const r = drill(f, [fail({ kind: "zone", zone: "c" })]);
    expect(r.timeline.some((e) => /zone c is FullDisruption \(4 of 4 nodes NotReady\)/.test(e.text))).toBe(true);
    // Tainted at G + P + P + 10 s·k: queued at the pass after the one that marked them Unknown.
    const tainted = at(r, /tainted node.kubernetes.io\/unreachable:NoExecute \(zone c FullDisruption/);
    expect(tainted).toEqual([0, 1, 2, 3].map((k) => 40_000 + 2 * P + 10_000 * k));
    // Each worker's pods go when their 300 s run out after its own taint.
    const evictions = at(r, /evicted: 300s default toleration/);
    expect(evictions.length).toBeGreaterThanOrEqual(2);
    for (const t of evictions) expect(tainted.slice(1)).toContain(t - 300_000);
    // nodeTaintsPolicy Honor: the dead zone's tainted nodes stop counting, replacements fit in b and c.
    const web = service(r, "Deployment/shop/web");
    expect(web.rtoMs).toBe(0);
    expect(web.capacityRtoMs).toBe(Math.max(...evictions) + START + SYNC);
  });

  it("losing the zone of the controller-manager leader delays everything by the takeover: the new leader's grace period starts over", () => {
    const f = fleet({ workersPerZone: 3, objects: deployment("web", 9, spread(true)) });
    const r = drill(f, [fail({ kind: "zone", zone: "a" })]);
    expect(at(r, /tainted node.kubernetes.io\/unreachable:NoExecute \(zone a FullDisruption/)).toEqual([0, 1, 2, 3].map((k) => 17_000 + 40_000 + P + 10_000 * k));
  });

  it("with DoNotSchedule zone spread (nodeTaintsPolicy Ignore) the replacements stay Pending: the dead zone still counts with 0 pods (K/K #123019)", () => {
    const f = fleet({ workersPerZone: 3, objects: deployment("web", 9, spread(false)) });
    const r = drill(f, [fail({ kind: "zone", zone: "a" })]);
    const web = service(r, "Deployment/shop/web");
    expect(web.rtoMs).toBe(0);
    expect(web.capacityRtoMs).toBe(Infinity);
    expect(web.mechanism).toBe("Pending: topology spread");
    expect(web.unbounded).toMatch(/^Pending: 0\/12 nodes are available: .*didn't match pod topology spread constraints/);
    expect(r.timeline.some((e) => e.mechanism === "scheduling" && /stay Pending/.test(e.text))).toBe(true);
  });

  it("a zone with ≥ 55 % NotReady (more than 2) and ≤ 50 nodes is PartialDisruption: no eviction at all", () => {
    const f = fleet({ workersPerZone: 4, objects: deployment("web", 12) });
    const victims = ["w-1", "w-4", "w-7"]; // zone a: cp-1 and w-1, w-4, w-7, w-10 → 3 of 5 NotReady = 60 %
    const r = drill(f, victims.map((n) => fail(node(n))));
    expect(r.timeline.some((e) => /zone a is PartialDisruption \(3 of 5 nodes NotReady\): evictions stop/.test(e.text))).toBe(true);
    expect(at(r, /evicted/)).toEqual([]);
    const web = service(r, "Deployment/shop/web");
    expect(web.capacityRtoMs).toBe(Infinity);
    expect(web.mechanism).toBe("PartialDisruption: evictions stopped");
  });
});

describe("control plane", () => {
  it("cut off from every node: all zones fully disrupted, evictions halted, pods keep running, no failover", () => {
    const f = fleet({ managed: true, workersPerZone: 2, objects: deployment("web", 6) });
    const r = drill(f, [fail({ kind: "partition", groups: [["control-plane"]] })]);
    expect(r.timeline.some((e) => /every zone is fully disrupted: the node lifecycle controller assumes it is cut off itself/.test(e.text))).toBe(true);
    expect(at(r, /evicted/)).toEqual([]);
    // kube-proxy cannot hear of the NotReady pods either: they keep serving, nothing is affected.
    expect(r.services.map((s) => s.id)).toEqual([]);
  });

  it("kubeadm control-plane nodes keep their own zones Ready: a partition from the workers is not 'all zones disrupted'", () => {
    const f = fleet({ workersPerZone: 1, objects: deployment("web", 3) });
    const r = drill(f, [fail({ kind: "partition", groups: [["cp-1", "cp-2", "cp-3"]] })]);
    expect(r.timeline.some((e) => /every zone is fully disrupted/.test(e.text))).toBe(false);
    expect(at(r, /evicted/).length).toBeGreaterThan(0);
  });

  it("etcd leader loss: a Raft election of 1–2 s (2 s worst case; sampled within [1 s, 2 s])", () => {
    const f = fleet();
    const worst = drill(f, [fail({ kind: "etcd-member", cluster: "prod", member: "cp-1" })]);
    expect(service(worst, "control-plane/prod").rtoMs).toBe(2_000);
    expect(service(worst, "control-plane/prod").mechanism).toMatch(/^etcd leader election 2s/);
    for (const seed of [1, 2, 3, 4]) {
      const s = drill(f, [fail({ kind: "etcd-member", cluster: "prod", member: "cp-1" })], { bounds: "sampled", seed });
      const rto = service(s, "control-plane/prod").rtoMs;
      expect(rto).toBeGreaterThanOrEqual(1_000);
      expect(rto).toBeLessThanOrEqual(2_000);
    }
  });

  it("etcd quorum loss: no writes until quorum returns, so nothing is rescheduled anywhere in the cluster", () => {
    const f = fleet({ objects: deployment("web", 3) });
    const r = drill(f, [fail({ kind: "etcd-member", cluster: "prod", member: "cp-2" }), fail({ kind: "etcd-member", cluster: "prod", member: "cp-3" }), fail(node(nodeOf(f, "web-")), 10_000)]);
    const cp = service(r, "control-plane/prod");
    expect(cp.rtoMs).toBe(Infinity);
    expect(cp.mechanism).toBe("etcd quorum lost");
    const web = service(r, "Deployment/shop/web");
    expect(web.capacityRtoMs).toBe(Infinity);
    expect(web.unbounded).toMatch(/etcd quorum lost \(1 of 3 members; 2 needed\)/);
    expect(at(r, /Ready=Unknown|evicted/)).toEqual([]);
  });

  it("2+2 stretched etcd without a witness loses the API for writes with a site; with a witness it survives", () => {
    const twoSites = (witness: boolean) =>
      fleet({}, (d) => {
        d.spec["sites"] = [{ name: "s1" }, { name: "s2" }, ...(witness ? [{ name: "s3" }] : [])];
        d.spec["latency"] = { links: [{ between: ["s1", "s2"], rtt: "2ms" }, ...(witness ? [{ between: ["s1", "s3"], rtt: "3ms" }, { between: ["s2", "s3"], rtt: "3ms" }] : [])] };
        d.spec["objectives"] = { rto: "5m", rpo: "1m", geoRedundancy: "required" };
        const c = (d.spec["clusters"] as Record<string, unknown>[])[0]!;
        c["controlPlane"] = {
          nodes: [{ name: "cp-1", zone: "s1" }, { name: "cp-2", zone: "s1" }, { name: "cp-3", zone: "s2" }, { name: "cp-4", zone: "s2" }, ...(witness ? [{ name: "cp-5", zone: "s3" }] : [])],
          endpoint: { kind: "kube-vip" },
        };
        c["nodePools"] = [{ name: "w", count: 4, zones: ["s1", "s2"], capacity: { cpu: "8", memory: "32Gi" } }];
      });
    const without = drill(twoSites(false), [fail({ kind: "site", site: "s1" })]);
    expect(service(without, "control-plane/prod").rtoMs).toBe(Infinity);
    expect(service(without, "control-plane/prod").unbounded).toMatch(/etcd quorum lost \(2 of 4 members; 3 needed\)/);
    const fix = service(without, "control-plane/prod").fix;
    expect(fix?.change).toBe("add an etcd member (witness) in a third site for cluster prod");
    expect(fix?.meets).toBe(true);
    const withWitness = drill(twoSites(true), [fail({ kind: "site", site: "s1" })]);
    expect(service(withWitness, "control-plane/prod").rtoMs).toBe(17_000);
  });

  it("kube-controller-manager / kube-scheduler leader loss: takeover after lease 15 s + retry 2 s = 17 s", () => {
    const r = drill(fleet(), [fail(node("cp-1"))]);
    const cp = service(r, "control-plane/prod");
    expect(cp.rtoMs).toBe(17_000);
    expect(cp.mechanism).toMatch(/leader election: lease 15s \+ retry 2s/);
    // The new leader knows no node: the dead node's grace period starts over at the takeover.
    expect(at(r, /node cp-1 Ready=Unknown/)).toEqual([17_000 + 40_000]);
  });

  it.each([
    ["kube-vip", 3_000],
    ["haproxy-keepalived", 3_600],
  ])("API VIP holder loss with %s: failover in %i ms", (kind, ms) => {
    const f = fleet({}, (d) => ((d.spec["clusters"] as Record<string, Record<string, unknown>>[])[0]!["controlPlane"]!["endpoint"] = { kind }));
    const r = drill(f, [fail({ kind: "endpoint", cluster: "prod", instances: 1 })]);
    expect(service(r, "control-plane/prod").rtoMs).toBe(ms);
  });

  it("a single-node API endpoint is down until repaired (a SPOF); the fix is a VIP over the control-plane nodes", () => {
    const f = fleet({}, (d) => ((d.spec["clusters"] as Record<string, Record<string, unknown>>[])[0]!["controlPlane"]!["endpoint"] = { kind: "single-node" }));
    const r = drill(f, [fail({ kind: "endpoint", cluster: "prod", instances: 1 })]);
    const cp = service(r, "control-plane/prod");
    expect(cp.rtoMs).toBe(Infinity);
    expect(cp.mechanism).toBe("API endpoint down until repaired");
    expect(cp.fix).toMatchObject({ meets: true, rtoMs: 3_000 });
  });
});

describe("drain (Eviction API + PodDisruptionBudget)", () => {
  const pdb = (name: string, budget: Record<string, unknown>) => ({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name }, spec: { ...budget, selector: { matchLabels: { app: name } } } });

  it("bounded by the PDB: evictions wait (429) for replacements to become Ready; the service never stops", () => {
    const f = fleet({ workersPerZone: 2, objects: [...deployment("web", 2, { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "web" } }, topologyKey: "kubernetes.io/hostname" }] } } }), pdb("web", { minAvailable: 1 })] });
    const victim = nodeOf(f, "web-");
    const r = drill(f, [fail({ kind: "drain", cluster: "prod", node: victim })]);
    expect(r.notes.some((n) => new RegExp(`^drain of ${victim} completed after`).test(n))).toBe(true);
    const web = r.services.find((s) => s.id === "Deployment/shop/web");
    expect(web?.rtoMs ?? 0).toBe(0);
  });

  it("maxUnavailable 0 never completes: the Eviction API answers 429 forever", () => {
    const f = fleet({ objects: [...deployment("web", 3), pdb("web", { maxUnavailable: 0 })] });
    const victim = nodeOf(f, "web-");
    const r = drill(f, [fail({ kind: "drain", cluster: "prod", node: victim })]);
    expect(r.notes).toContainEqual(expect.stringMatching(new RegExp(`^drain of ${victim} never completes: PodDisruptionBudget shop/web \\(maxUnavailable 0 .*\\) allows no eviction ever`)));
    expect(r.services.find((s) => s.id === "Deployment/shop/web")).toBeUndefined();
  });
});
