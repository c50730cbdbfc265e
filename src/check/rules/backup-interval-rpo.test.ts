import { statefulSet } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import { backup, dataService, twoSites } from "../../../test/check/fleet-drafts.js";
import rule from "./backup-interval-rpo.js";

const vct = (sc: string) => [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], storageClassName: sc, resources: { requests: { storage: "10Gi" } } } }];
const store = (o: Record<string, unknown>) => ({ storage: [{ name: "disks", provider: "local", replicas: 1, replication: "none", failureDomain: "host", storageClasses: ["local"], ...o }] });

testRule(rule, {
  valid: [
    {
      name: "RPO 0 carried by a synchronous replica; the nightly backup is for disasters",
      fleet: twoSites({ objectives: { rpo: "0" }, spec: { dataServices: [dataService("orders", { cluster: "prod" }, [{ cluster: "prod", mode: "sync" }], { backup: "nightly" })], backups: [backup("nightly", "s3", { clusters: ["prod"] }, { schedule: "0 2 * * *" })] } }),
      objects: [],
    },
    {
      name: "geo-redundancy: an async replica in the other site within the RPO",
      fleet: twoSites({ objectives: { rpo: "5m", geoRedundancy: "required" }, spec: { dataServices: [dataService("orders", { cluster: "prod" }, [{ cluster: "dr", mode: "async", lag: "5s" }])], backups: [backup("nightly", "s3", {}, { schedule: "0 2 * * *" })] } }),
      objects: [],
    },
    {
      name: "sessions: hourly backups for an RPO of 2h",
      fleet: twoSites({ objectives: { geoRedundancy: "required", services: [{ name: "sessions", rpo: "2h" }] }, spec: { dataServices: [dataService("sessions", { cluster: "prod" }, [{ cluster: "prod", mode: "async" }], { backup: "hourly" })], backups: [backup("hourly", "ams")] } }),
      objects: [],
    },
    {
      name: "a volume on synchronously replicated storage",
      fleet: twoSites({ prod: store({ provider: "rook-ceph", replicas: 3, replication: "sync" }), spec: { backups: [backup("nightly", "s3", {}, { schedule: "0 2 * * *" })] } }),
      objects: [statefulSet("files").replicas(1).set("volumeClaimTemplates", vct("local")).obj()],
    },
  ],
  invalid: [
    {
      name: "a nightly backup is all a single-copy volume has (RPO 1m)",
      fleet: twoSites({ prod: store({}), spec: { backups: [backup("nightly", "s3", {}, { schedule: "0 2 * * *", duration: "30m" })] } }),
      objects: [statefulSet("files").replicas(1).set("volumeClaimTemplates", vct("local")).obj()],
      findings: [
        {
          messageId: "interval",
          object: "Workload/StatefulSet default/files",
          path: "spec.backups[0].schedule",
          message: "the volumes of StatefulSet default/files (RPO 1m) rely on backup nightly after the loss of its node or disk: every 1d plus 30m to run loses up to 1d30m",
        },
      ],
    },
    {
      name: "geo-redundancy required, replicas only in the primary's site, daily backups (RPO 5m)",
      fleet: twoSites({ objectives: { rpo: "5m", geoRedundancy: "required" }, spec: { dataServices: [dataService("orders", { cluster: "prod" }, [{ cluster: "prod", mode: "sync" }], { backup: "wal" })], backups: [backup("wal", "ams", { clusters: ["prod"], dataServices: ["orders"], volumes: false }, { schedule: "0 1 * * *" })] } }),
      objects: [],
      findings: [{ messageId: "interval", message: "data service orders (RPO 5m) relies on backup wal after the loss of its site: every 1d plus 10m to run loses up to 1d10m" }],
    },
    {
      name: "an async replica lagging beyond the RPO and no backup",
      fleet: twoSites({ objectives: { rpo: "1m" }, spec: { dataServices: [dataService("reports", { cluster: "prod" }, [{ cluster: "dr", mode: "async", lag: "10m" }])] } }),
      objects: [],
      findings: [{ messageId: "none", path: "spec.dataServices[0]", message: "data service reports (RPO 1m) has no copy that survives the loss of its node or disk within the RPO (best: async replica in dr, lag 10m), and no backup" }],
    },
  ],
});
