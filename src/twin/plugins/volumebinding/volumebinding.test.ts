import { describe, expect, it } from "vitest";
import { k8s, makeCluster, makeNodes, makePod } from "../../testing/builders.js";
import { createTwin } from "../../twin.js";
import type { TwinInput } from "../../build.js";

const storage = (over: Partial<NonNullable<TwinInput["storage"]>[number]> = {}): TwinInput["storage"] => [
  { name: "disks", provider: "cloud-block", storageClasses: ["zonal"], zonal: true, volumeBindingMode: "WaitForFirstConsumer", nodes: makeNodes(6, ["a", "b", "c"]).map((n) => n.name), replication: "none", ...over },
];
const pvc = (name: string, sc = "zonal") => k8s("PersistentVolumeClaim", name, "default", { spec: { storageClassName: sc, accessModes: ["ReadWriteOnce"] } });

describe("VolumeBinding", () => {
  it("WaitForFirstConsumer binds a zonal volume in the zone of the first placement, and pins the pod there", () => {
    const twin = createTwin(makeCluster(makeNodes(6, ["a", "b", "c"]), [pvc("data"), makePod("db").claim("data").obj()], { storage: storage() }));
    twin.placeAll();
    const zone = twin.pod("default/db")!.zone!;
    expect(twin.volumes()[0]).toMatchObject({ claim: "data", bound: true, zone });
    // The pod is deleted and comes back: only its volume's zone will do.
    twin.deletePod("default/db", { replace: false });
    const r = twin.addPod({ name: "db2", spec: { containers: [{ name: "c" }], volumes: [{ name: "d", persistentVolumeClaim: { claimName: "data" } }] } });
    expect(r.zone).toBe(zone);
    for (const n of twin.nodes().filter((x) => x.zone === zone)) twin.cordon(n.name);
    const again = twin.addPod({ name: "db3", spec: { containers: [{ name: "c" }], volumes: [{ name: "d", persistentVolumeClaim: { claimName: "data" } }] } });
    expect(again.pending?.message).toBe("0/6 nodes are available: 2 node(s) were unschedulable, 4 node(s) had volume node affinity conflict.");
  });

  it("a StatefulSet's claims come from volumeClaimTemplates, one per ordinal", () => {
    const sts = makePod("db").label("app", "db").statefulSet(3, { volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { storageClassName: "zonal", accessModes: ["ReadWriteOnce"] } }] });
    const twin = createTwin(makeCluster(makeNodes(6, ["a", "b", "c"]), [sts], { storage: storage() }));
    twin.placeAll();
    expect(twin.volumes().map((v) => v.claim)).toEqual(["data-db-0", "data-db-1", "data-db-2"]);
    for (const i of [0, 1, 2]) expect(twin.volumes()[i]!.zone).toBe(twin.pod(`default/db-${i}`)!.zone);
  });

  it("an unbound Immediate claim without a provisioner blocks its pod", () => {
    const twin = createTwin(makeCluster(makeNodes(3, ["a"]), [pvc("data", "nowhere"), makePod("db").claim("data").obj()]));
    twin.placeAll();
    expect(twin.pending()[0]!.message).toBe("0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.");
    expect(twin.pending()[0]!.preemption).toBe("preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
  });

  it("a missing claim is reported by name", () => {
    const twin = createTwin(makeCluster(makeNodes(2, ["a"]), [makePod("db").claim("gone").obj()]));
    twin.placeAll();
    expect(twin.pending()[0]!.message).toBe('0/2 nodes are available: persistentvolumeclaim "gone" not found.');
  });

  it("local volumes pin the pod to the node it first ran on", () => {
    const st = storage({ provider: "local", storageClasses: ["local"] });
    const twin = createTwin(makeCluster(makeNodes(3, ["a"]), [pvc("data", "local"), makePod("db").claim("data").obj()], { storage: st }));
    twin.placeAll();
    const node = twin.pod("default/db")!.node!;
    expect(twin.volumes()[0]!.node).toBe(node);
    twin.removeNode(node);
    twin.addPod({ name: "db2", spec: { containers: [{ name: "c" }], volumes: [{ name: "d", persistentVolumeClaim: { claimName: "data" } }] } });
    expect(twin.pending().find((p) => p.ref === "default/db2")!.message).toBe("0/2 nodes are available: 2 node(s) had volume node affinity conflict.");
  });
});

describe("VolumeZone", () => {
  it("a PersistentVolume labelled with a zone admits only nodes of that zone", () => {
    const pv = k8s("PersistentVolume", "pv-1", undefined, { spec: { claimRef: { name: "data", namespace: "default" } } }, { "topology.kubernetes.io/zone": "b" });
    const twin = createTwin(makeCluster(makeNodes(3, ["a", "b", "c"]), [pv, pvc("data", "manual"), makePod("db").claim("data").obj()]));
    twin.placeAll();
    expect(twin.pod("default/db")!.zone).toBe("b");
    const e = twin.explain("default/db");
    expect(e.filters.find((f) => f.zone === "a")!.filters["VolumeZone"]).toBe("node(s) had no available volume zone");
  });
});
