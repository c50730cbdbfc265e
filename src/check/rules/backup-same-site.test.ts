import { testRule } from "../../../test/check/rule-tester.js";
import { backup, cluster, dataService, fleetOf, site, twoSites } from "../../../test/check/fleet-drafts.js";
import rule from "./backup-same-site.js";

testRule(rule, {
  valid: [
    { name: "backups in another site", fleet: twoSites({ spec: { backups: [backup("velero-prod", "ams", { clusters: ["prod"] })] } }), objects: [] },
    { name: "object storage in a cloud region", fleet: twoSites({ spec: { backups: [backup("velero", "s3")] } }), objects: [] },
    {
      name: "stored where one replica lives, but the primary is elsewhere",
      fleet: twoSites({ spec: { dataServices: [dataService("orders", { cluster: "prod" }, [{ cluster: "dr", mode: "async" }])], backups: [backup("wal", "ams", { clusters: ["prod"], dataServices: ["orders"], volumes: false })] } }),
      objects: [],
    },
  ],
  invalid: [
    {
      name: "Velero of prod into a bucket in fra",
      fleet: twoSites({ spec: { backups: [backup("velero-prod", "fra", { clusters: ["prod"] })] } }),
      objects: [],
      findings: [{ messageId: "sameSite", object: "Backup/velero-prod", path: "spec.backups[0].location.site", message: "backup velero-prod is stored in site fra, where all the data it protects lives (cluster prod)" }],
    },
    {
      name: "database backups next to every member",
      fleet: twoSites({ spec: { dataServices: [dataService("orders", { cluster: "prod" }, [{ cluster: "prod", mode: "sync" }])], backups: [backup("wal", "fra", { clusters: ["prod"], dataServices: ["orders"], volumes: false })] } }),
      objects: [],
      findings: [{ message: "stored in site fra, where all the data it protects lives (data services orders; cluster prod)" }],
    },
    {
      name: "the volumes live on the workers, whatever site a control-plane node is in",
      fleet: fleetOf({
        sites: [site("fra"), site("ams")],
        links: [["fra", "ams", "3ms"]],
        clusters: [cluster("prod", { cp: ["cp-1@fra", "cp-2@fra", "cp-3@ams"], workers: ["w1@fra", "w2@fra"] })],
        spec: { backups: [backup("velero", "fra", { clusters: ["prod"] }), backup("etcd", "fra", { clusters: ["prod"], volumes: false }, { tool: "etcd-snapshot" })] },
      }),
      objects: [],
      findings: [{ object: "Backup/velero", message: "backup velero is stored in site fra, where all the data it protects lives" }],
    },
  ],
});
