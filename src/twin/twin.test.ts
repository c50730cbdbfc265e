import { describe, expect, it } from "vitest";
import { HOSTNAME, ZONE, k8s, makeCluster, makeNode, makeNodes, makePod } from "./testing/builders.js";
import { createTwin, type Twin } from "./twin.js";

const web = (replicas: number, opts: Parameters<ReturnType<typeof makePod>["spread"]>[2] = {}) => makePod("web").label("app", "web").req({ cpu: "500m" }).spread(1, ZONE, opts).deployment(replicas);
const zoneNodes = (t: Twin, z: string) => t.nodes().filter((n) => n.zone === z).map((n) => n.name);
const perZone = (t: Twin) => t.workloads().find((w) => w.name === "web")!.zones;

describe("twin: expansion", () => {
  it("expands Deployments, StatefulSets, DaemonSets, Jobs and bare Pods", () => {
    const objs = [
      makePod("web").label("app", "web").deployment(3),
      makePod("db").label("app", "db").statefulSet(2),
      makePod("agent").label("app", "agent").daemonSet(),
      k8s("Job", "migrate", "default", { spec: { parallelism: 2, completions: 5, template: { metadata: { labels: { job: "m" } }, spec: { containers: [{ name: "c" }] } } } }),
      makePod("solo").obj(),
    ];
    const nodes = [...makeNodes(3, ["a", "b", "c"]), makeNode("cp").zone("a").taint("node-role.kubernetes.io/control-plane", undefined, "NoSchedule").obj()];
    const t = createTwin(makeCluster(nodes, objs));
    t.placeAll();
    const w = Object.fromEntries(t.workloads().map((x) => [x.ref, x.running]));
    expect(w).toEqual({ "Deployment/default/web": 3, "StatefulSet/default/db": 2, "DaemonSet/default/agent": 3, "Job/default/migrate": 2, "Pod/default/solo": 1 });
    expect(t.pod("default/db-0")).toBeDefined();
    expect(t.pods().filter((p) => p.workload === "DaemonSet/default/agent").map((p) => p.node).sort()).toEqual(["node-1", "node-2", "node-3"]);
  });

  it("uses an HPA's minReplicas for the workload it scales", () => {
    const hpa = k8s("HorizontalPodAutoscaler", "web", "default", { spec: { scaleTargetRef: { kind: "Deployment", name: "web" }, minReplicas: 4, maxReplicas: 10 } });
    const t = createTwin(makeCluster(makeNodes(3, ["a"]), [makePod("web").label("app", "web").deployment(2), hpa]));
    expect(t.workloads()[0]).toMatchObject({ desired: 4, replicasFrom: "hpa" });
  });

  it("a StatefulSet (OrderedReady) creates ordinal i+1 only once i runs", () => {
    const t = createTwin(makeCluster([makeNode("n1").zone("a").cpu(2)], [makePod("db").label("app", "db").req({ cpu: "1500m" }).statefulSet(3)]));
    t.placeAll();
    const kinds = t.pending().map((p) => [p.ref, p.kind]);
    expect(kinds).toEqual([
      ["default/db-1", "Unschedulable"],
      ["default/db-2", "WaitingForPredecessor"],
    ]);
  });

  it("a new node gets the DaemonSet's pod", () => {
    const t = createTwin(makeCluster(makeNodes(2, ["a"]), [makePod("agent").label("app", "agent").daemonSet()]));
    t.placeAll();
    const d = t.addNode(makeNode("new").zone("a").obj());
    expect(d.replacements[0]!.node).toBe("new");
  });
});

describe("twin: the zone-loss trap (kubernetes/kubernetes#123019)", () => {
  // The whole zone stops at once; pods tolerate node.kubernetes.io/unreachable for 300 s, then the taint manager evicts them.
  const lose = (t: Twin, zone: string) => {
    const tolerating = zoneNodes(t, zone).flatMap((n) => t.setNotReady(n).tolerating);
    for (const { pod, seconds } of tolerating) {
      expect(seconds).toBe(300);
      t.evict(pod);
    }
  };

  it("replacements stay Pending: the dead zone's nodes still exist with 0 counted pods", () => {
    const t = createTwin(makeCluster(makeNodes(6, ["a", "b", "c"]), [web(6)]));
    t.placeAll();
    expect(perZone(t)).toEqual({ a: 2, b: 2, c: 2 });
    lose(t, "a");
    const pending = t.pending();
    expect(pending).toHaveLength(2);
    expect(pending[0]!.message).toBe("0/6 nodes are available: 2 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 4 node(s) didn't match pod topology spread constraints.");
    expect(t.pods().filter((p) => p.phase === "Terminating")).toHaveLength(2);
  });

  it("nodeTaintsPolicy: Honor lets the replacements into the surviving zones", () => {
    const t = createTwin(makeCluster(makeNodes(6, ["a", "b", "c"]), [web(6, { nodeTaintsPolicy: "Honor" })]));
    t.placeAll();
    lose(t, "a");
    expect(t.pending()).toEqual([]);
    expect(perZone(t)).toEqual({ b: 3, c: 3 });
  });

  it("deleting the dead nodes also frees the replacements", () => {
    const t = createTwin(makeCluster(makeNodes(6, ["a", "b", "c"]), [web(6)]));
    t.placeAll();
    for (const n of zoneNodes(t, "a")) t.removeNode(n);
    expect(t.pending()).toEqual([]);
    expect(perZone(t)).toEqual({ b: 3, c: 3 });
  });
});

describe("twin: incremental operations", () => {
  it("cordon keeps running pods, keeps new ones away; uncordon retries Pending pods", () => {
    const t = createTwin(makeCluster([makeNode("n1").zone("a").cpu(1)], [makePod("a").req({ cpu: "600m" }).obj()]));
    t.placeAll();
    t.cordon("n1");
    expect(t.pod("default/a")!.node).toBe("n1");
    const r = t.addPod({ name: "b", spec: { containers: [{ name: "c" }] } });
    expect(r.pending?.message).toBe("0/1 nodes are available: 1 node(s) were unschedulable.");
    const d = t.uncordon("n1");
    expect(d.retried.map((x) => x.pod)).toEqual(["default/b"]);
  });

  it("a NoExecute taint evicts intolerant pods now and lists tolerating ones", () => {
    const x = makePod("x").label("app", "x").toleration({ key: "k", operator: "Exists", effect: "NoExecute", tolerationSeconds: 60 }).set("nodeName", "node-1").obj();
    const y = makePod("y").label("app", "y").nodeSelector({ "kubernetes.io/hostname": "node-1" }).deployment(1);
    const t = createTwin(makeCluster(makeNodes(2, ["a"]), [x, y]));
    t.placeAll();
    const d = t.taint("node-1", { key: "k", value: "v", effect: "NoExecute" });
    expect(d.tolerating).toEqual([{ pod: "default/x", seconds: 60 }]);
    expect(d.evicted).toHaveLength(1);
    expect(d.replacements[0]!.pending?.message).toBe("0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {k: v}.");
  });

  it("removing a node reschedules only its pods", () => {
    const t = createTwin(makeCluster(makeNodes(3, ["a", "b", "c"]), [makePod("web").label("app", "web").deployment(6)]));
    t.placeAll();
    const before = new Map(t.pods().map((p) => [p.ref, p.node]));
    const d = t.removeNode("node-1");
    expect(d.replacements).toHaveLength(2);
    for (const p of t.pods()) if (before.has(p.ref)) expect(p.node).toBe(before.get(p.ref));
  });

  it("a StatefulSet pod on an unreachable node blocks its replacement until it is deleted", () => {
    const t = createTwin(makeCluster(makeNodes(3, ["a", "b", "c"]), [makePod("db").label("app", "db").podAntiAffinity({ app: "db" }, HOSTNAME).statefulSet(2)]));
    t.placeAll();
    const node = t.pod("default/db-0")!.node!;
    t.setNotReady(node);
    expect(t.evict("default/db-0")).toBeUndefined();
    expect(t.pod("default/db-0")!.phase).toBe("Terminating");
    const d = t.deletePod("default/db-0");
    expect(d.replacements[0]!.pod).toBe("default/db-0");
    expect(d.replacements[0]!.node).not.toBe(node);
  });
});

describe("twin: snapshots", () => {
  it("restore returns the exact state, and what follows is the same as without the detour", () => {
    const build = () => {
      const t = createTwin(makeCluster(makeNodes(9, ["a", "b", "c"]), [web(9), makePod("db").label("app", "db").podAntiAffinity({ app: "db" }, HOSTNAME).statefulSet(3)]), { seed: 5 });
      t.placeAll();
      return t;
    };
    const t = build();
    const before = JSON.stringify([t.pods(), t.nodes(), t.pending(), t.volumes()]);
    const s = t.snapshot();
    for (const n of zoneNodes(t, "a")) t.removeNode(n);
    t.taint("node-2", { key: "x", effect: "NoSchedule" });
    t.addPod({ name: "extra", spec: { containers: [{ name: "c" }] } });
    t.restore(s);
    t.release(s);
    expect(JSON.stringify([t.pods(), t.nodes(), t.pending(), t.volumes()])).toBe(before);
    const fresh = build();
    const a = t.removeNode("node-5");
    const b = fresh.removeNode("node-5");
    expect(a).toEqual(b);
    expect(t.pods()).toEqual(fresh.pods());
  });

  it("whatIf runs a scenario and puts everything back", () => {
    const t = createTwin(makeCluster(makeNodes(3, ["a", "b", "c"]), [web(3)]));
    t.placeAll();
    const pendingAfterZoneLoss = t.whatIf((x) => {
      for (const n of zoneNodes(x, "a")) x.setNotReady(n, { noExecute: false });
      return x.addPod({ name: "probe", labels: { app: "web" }, spec: { containers: [{ name: "c" }], topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app: "web" } } }] } });
    });
    expect(pendingAfterZoneLoss.pending).toBeUndefined();
    expect(t.nodes().every((n) => n.ready === "True")).toBe(true);
    expect(t.pod("default/probe")).toBeUndefined();
  });
});

describe("twin: determinism", () => {
  it("the same seed gives the same placement; another seed may not", () => {
    const place = (seed: number) => {
      const t = createTwin(makeCluster(makeNodes(12, ["a", "b", "c"]), [makePod("w").label("app", "w").deployment(20)]), { seed });
      t.placeAll();
      return t.pods().map((p) => `${p.ref}@${p.node}`);
    };
    expect(place(1)).toEqual(place(1));
    expect(place(1)).not.toEqual(place(2));
  });
});
