import { describe, expect, it } from "vitest";
import { baseFleet, fullFleet, loadValid, setIn, type FleetDraft } from "../model/testing.js";
import { planFleet } from "./index.js";

const codes = (f: FleetDraft) => planFleet(loadValid(f)).deviations.map((d) => `${d.severity}:${d.code}`);

/** A stretched cluster: 2 control-plane nodes in each of two sites (and optionally a witness). */
function stretched(rtt: string, witness: boolean): FleetDraft {
  const f = baseFleet();
  f.spec["objectives"] = { rto: "30s", rpo: "0", budget: "high", geoRedundancy: "required" };
  f.spec["sites"] = [
    { name: "dc-a", zones: ["a"] },
    { name: "dc-b", zones: ["b"] },
    ...(witness ? [{ name: "dc-w", zones: ["w"] }] : []),
  ];
  f.spec["latency"] = {
    links: [
      { between: ["dc-a", "dc-b"], rtt },
      ...(witness ? [{ between: ["dc-a", "dc-w"], rtt }, { between: ["dc-b", "dc-w"], rtt }] : []),
    ],
  };
  const nodes = [
    { name: "cp-1", zone: "a" },
    { name: "cp-2", zone: "a" },
    { name: "cp-3", zone: "b" },
    { name: "cp-4", zone: "b" },
    ...(witness ? [{ name: "cp-5", zone: "w" }] : []),
  ];
  setIn(f, ["spec", "clusters", 0, "controlPlane", "nodes"], nodes);
  setIn(f, ["spec", "clusters", 0, "nodePools", 0, "zones"], ["a", "b"]);
  setIn(f, ["spec", "clusters", 0, "storage"], [{ name: "ceph", provider: "rook-ceph", replicas: 4, replication: "sync", failureDomain: "site", storageClasses: ["ceph"] }]);
  return f;
}

describe("planFleet: described architecture", () => {
  it("classifies a one-zone cluster as single-cluster and a three-zone cluster as multi-zone", () => {
    const single = baseFleet();
    single.spec["sites"] = [{ name: "dc1" }];
    setIn(single, ["spec", "clusters", 0, "controlPlane", "nodes"], [{ name: "cp-1", zone: "dc1" }, { name: "cp-2", zone: "dc1" }, { name: "cp-3", zone: "dc1" }]);
    setIn(single, ["spec", "clusters", 0, "nodePools", 0, "zones"], ["dc1"]);
    const s = planFleet(loadValid(single));
    expect(s.described!.architecture).toBe("single-cluster");
    expect(s.recommended.architecture).toBe("single-cluster");
    expect(s.deviations).toEqual([]);
    expect(planFleet(loadValid(baseFleet())).described!.architecture).toBe("multi-zone");
  });

  it("classifies placements: active-passive with a warm standby", () => {
    const p = planFleet(loadValid(fullFleet()));
    expect(p.described!.architecture).toBe("active-passive");
    expect(p.described!.evidence.join(" ")).toMatch(/warm standby, automatic failover/);
  });
});

describe("planFleet: deviations", () => {
  it("accepts a stretched metro cluster with a witness under RTT 4 ms", () => {
    const p = planFleet(loadValid(stretched("4ms", true)));
    expect(p.recommended.architecture).toBe("stretched");
    expect(p.described!.architecture).toBe("stretched");
    expect(p.deviations.filter((d) => d.severity !== "info")).toEqual([]);
  });

  it("flags stretched etcd across 18 ms as critical", () => {
    const p = planFleet(loadValid(stretched("18ms", true)));
    const d = p.deviations.find((x) => x.code === "stretched-etcd-latency")!;
    expect(d.severity).toBe("critical");
    expect(d.message).toBe("cluster prod stretches etcd across 18 ms (dc-a ↔ dc-b); the limit is < 10 ms");
    expect(p.deviations.find((x) => x.code === "architecture-mismatch")?.severity).toBe("critical");
  });

  it("flags 2+2 etcd without a witness: either site breaks quorum", () => {
    const d = planFleet(loadValid(stretched("3ms", false))).deviations.find((x) => x.code === "stretched-no-witness")!;
    expect(d.severity).toBe("critical");
    expect(d.message).toMatch(/2 in dc-a, 2 in dc-b: losing dc-a or dc-b leaves fewer than 3/);
    expect(d.fix).toMatch(/witness/);
  });

  it("flags an async replica under an RPO 0 objective", () => {
    const f = fullFleet();
    setIn(f, ["spec", "objectives", "services"], [{ name: "orders-db", rpo: "0" }]);
    setIn(f, ["spec", "dataServices", 0, "replicas"], [{ cluster: "dr", mode: "async", lag: "5s" }]);
    const d = planFleet(loadValid(f)).deviations.find((x) => x.code === "rpo-async-replica")!;
    expect(d.message).toBe("objective RPO 0 for orders-db, but its replica in dr is async (lag 5s)");
  });

  it("flags a single site when geo-redundancy is required", () => {
    const f = baseFleet();
    setIn(f, ["spec", "objectives", "geoRedundancy"], "required");
    expect(codes(f)).toEqual(expect.arrayContaining(["critical:geo-single-site", "critical:architecture-mismatch"]));
  });

  it("flags a cold standby that cannot meet the RTO", () => {
    const f = fullFleet();
    setIn(f, ["spec", "placement", 0, "standby"], "cold");
    const d = planFleet(loadValid(f)).deviations.find((x) => x.code === "standby-too-slow")!;
    expect(d.severity).toBe("critical");
    expect(d.message).toMatch(/cold standby with automatic failover takes ≈ 16m15s \(promotion 15m \+ DNS detection and TTL 1m15s\); the objective is RTO 30s/);
  });

  it("flags multi-cluster fleets without traffic steering and data outside its residency", () => {
    const f = fullFleet();
    delete f.spec["traffic"];
    setIn(f, ["spec", "sites", 1, "jurisdiction"], "us");
    expect(codes(f)).toEqual(expect.arrayContaining(["warning:multi-cluster-no-traffic", "critical:data-residency"]));
  });

  it("answers what-if questions with objective overrides", () => {
    const f = fullFleet();
    const fleet = loadValid(f);
    expect(planFleet(fleet).deviations.some((d) => d.code === "rpo-async-across-sites")).toBe(false);
    const whatIf = planFleet(fleet, { rpoMs: 0 });
    expect(whatIf.inputs.rpoMs).toBe(0);
    expect(whatIf.deviations.some((d) => d.code === "rpo-async-across-sites")).toBe(true);
  });
});

describe("planFleet: storage under RPO 0", () => {
  const pvc = (sc: string) => ({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data", namespace: "app" }, spec: { storageClassName: sc, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } } } });
  const withStorage = (claims: Record<string, unknown>[]): FleetDraft => {
    const f = baseFleet();
    setIn(f, ["spec", "objectives", "rpo"], "0");
    setIn(f, ["spec", "clusters", 0, "storage"], [
      { name: "nfs", provider: "nfs", replication: "none", storageClasses: ["nfs"] },
      { name: "ceph", provider: "rook-ceph", replicas: 3, replication: "sync", failureDomain: "zone", storageClasses: ["ceph"] },
    ]);
    if (claims.length > 0) f.spec["workloads"] = [{ inline: claims }];
    return f;
  };

  it("ignores backends nothing uses", () => {
    expect(codes(withStorage([]))).not.toContain("warning:rpo-storage-replication");
    expect(codes(withStorage([pvc("ceph")]))).not.toContain("warning:rpo-storage-replication");
  });

  it("flags an unreplicated backend that holds volumes, naming them", () => {
    const d = planFleet(loadValid(withStorage([pvc("nfs")]))).deviations.find((x) => x.code === "rpo-storage-replication")!;
    expect(d.message).toBe("objective RPO 0, but storage backend nfs in prod replicates not at all and holds the volumes of PersistentVolumeClaim app/data");
  });
});
