import { deployment, statefulSet } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import { backup, cluster, dataService, fleetOf, site, twoSites } from "../../../test/check/fleet-drafts.js";
import rule from "./site-loss-exposure.js";

type Obj = Record<string, unknown>;
const home = (spec: Obj = {}, objectives: Obj = {}, extra?: Obj) =>
  fleetOf({
    sites: [site("home"), site("b2", undefined, { kind: "cloud-region" })],
    objectives,
    clusters: [cluster("lab", { cp: ["cp-1@home", "cp-2@home", "cp-3@home"], workers: ["w1@home", "w2@home"], extra })],
    spec,
  });
const disks = { storage: [{ name: "disks", provider: "local", storageClasses: ["local"] }] };

testRule(rule, {
  valid: [
    { name: "two sites", fleet: twoSites(), objects: [] },
    { name: "geo-redundancy required is geo-single-site's finding", fleet: home({}, { geoRedundancy: "required" }), objects: [] },
  ],
  invalid: [
    {
      name: "a homelab with off-site backups",
      fleet: home({
        dataServices: [dataService("db", { cluster: "lab" }, [{ cluster: "lab", mode: "sync" }], { backup: "wal" })],
        backups: [backup("wal", "b2", { dataServices: ["db"], volumes: false }, { schedule: "0 4 * * *", restoreTime: "45m" })],
      }),
      objects: [deployment("web").replicas(2).obj()],
      findings: [
        {
          messageId: "exposure",
          object: "Site/home",
          path: "spec.sites[0]",
          message: "the fleet runs in one site (home; geo-redundancy none): losing it stops all 1 workload in 1 cluster until it returns, and of its data db loses up to 1d10m (wal); restoring elsewhere takes at least 45m plus building a cluster",
        },
      ],
    },
    {
      name: "backups in the same site do not survive it",
      fleet: home({ backups: [backup("local", "home")] }, { geoRedundancy: "preferred" }, disks),
      objects: [statefulSet("files").replicas(1).set("volumeClaimTemplates", [{ metadata: { name: "d" }, spec: { accessModes: ["ReadWriteOnce"], storageClassName: "local", resources: { requests: { storage: "1Gi" } } } }]).obj()],
      findings: [{ message: "(home; geo-redundancy preferred): losing it stops all 1 workload in 1 cluster until it returns, and of its data default/files has no copy or backup outside home" }],
    },
  ],
});
