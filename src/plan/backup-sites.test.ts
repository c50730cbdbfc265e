import { describe, expect, it } from "vitest";
import { baseFleet, loadValid, setIn } from "../model/testing.js";
import { planFleet } from "./index.js";

/** Two metro data centres and a witness 3 ms apart, plus a site that only holds backups. */
function metroWithRemoteBackups(backupRtt?: string) {
  const f = baseFleet();
  f.spec["objectives"] = { rto: "1m", rpo: "0", budget: "high", geoRedundancy: "required" };
  f.spec["sites"] = [{ name: "dc-a" }, { name: "dc-b" }, { name: "dc-w" }, { name: "vault" }];
  f.spec["latency"] = {
    links: [
      { between: ["dc-a", "dc-b"], rtt: "3ms" },
      { between: ["dc-a", "dc-w"], rtt: "3ms" },
      { between: ["dc-b", "dc-w"], rtt: "3ms" },
      ...(backupRtt ? [{ between: ["dc-a", "vault"], rtt: backupRtt }] : []),
    ],
  };
  setIn(f, ["spec", "clusters", 0, "controlPlane", "nodes"], [
    { name: "cp-1", zone: "dc-a" },
    { name: "cp-2", zone: "dc-a" },
    { name: "cp-3", zone: "dc-b" },
    { name: "cp-4", zone: "dc-b" },
    { name: "cp-5", zone: "dc-w" },
  ]);
  setIn(f, ["spec", "clusters", 0, "nodePools", 0, "zones"], ["dc-a", "dc-b"]);
  setIn(f, ["spec", "clusters", 0, "storage"], [{ name: "ceph", provider: "rook-ceph", replicas: 4, replication: "sync", failureDomain: "site", storageClasses: ["ceph"] }]);
  f.spec["backups"] = [{ name: "hourly", tool: "velero", schedule: "0 * * * *", location: { site: "vault" } }];
  return f;
}

describe("planFleet: sites that only hold backups", () => {
  it("do not bound the RTT between data centres: a metro fleet with off-site backups is still stretched", () => {
    for (const rtt of [undefined, "12ms"]) {
      const p = planFleet(loadValid(metroWithRemoteBackups(rtt)));
      expect(p.inputs.siteRtt.map((r) => `${r.a}-${r.b}`)).toEqual(["dc-a-dc-b", "dc-a-dc-w", "dc-b-dc-w"]);
      expect(p.inputs.sites.map((s) => s.name)).toEqual(["dc-a", "dc-b", "dc-w"]);
      expect(p.recommended.architecture).toBe("stretched");
      expect(p.described!.architecture).toBe("stretched");
      expect(p.deviations.filter((d) => d.severity !== "info")).toEqual([]);
    }
  });

  it("are not a second site: one data centre with off-site backups is a single site", () => {
    const f = baseFleet();
    f.spec["sites"] = [{ name: "dc1", zones: ["a", "b", "c"] }, { name: "vault" }];
    f.spec["backups"] = [{ name: "hourly", tool: "velero", schedule: "0 * * * *", location: { site: "vault" } }];
    const p = planFleet(loadValid(f));
    expect(p.inputs.sites.map((s) => s.name)).toEqual(["dc1"]);
    expect(p.alternatives.find((a) => a.architecture === "stretched")).toMatchObject({ verdict: "ruled-out", reason: "needs 2–3 sites" });
    const preferred = planFleet(loadValid(f), { geoRedundancy: "preferred" });
    expect(preferred.recommended.mustSurvive).not.toBe("site");
  });

  it("still count when a cluster runs there", () => {
    const f = metroWithRemoteBackups("12ms");
    setIn(f, ["spec", "clusters", 1], {
      name: "dr",
      kubernetesVersion: "1.31",
      controlPlane: { nodes: [{ name: "dr-cp-1", zone: "vault" }, { name: "dr-cp-2", zone: "vault" }, { name: "dr-cp-3", zone: "vault" }], endpoint: { kind: "kube-vip" } },
      nodePools: [{ name: "workers", count: 3, zones: ["vault"], capacity: { cpu: "4", memory: "16Gi" } }],
    });
    const p = planFleet(loadValid(f));
    expect(p.inputs.siteRtt.some((r) => r.b === "vault" || r.a === "vault")).toBe(true);
    expect(p.recommended.architecture).not.toBe("stretched");
  });
});
