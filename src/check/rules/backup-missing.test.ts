import { statefulSet } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import { backup, dataService, twoSites } from "../../../test/check/fleet-drafts.js";
import rule from "./backup-missing.js";

const vct = [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } } } }];
const db = () => statefulSet("db").replicas(3).set("volumeClaimTemplates", vct).obj();

testRule(rule, {
  valid: [
    { name: "stateless clusters need no backup", fleet: twoSites(), objects: [] },
    {
      name: "a replica cluster whose data service is backed up from its primary",
      fleet: twoSites({ spec: { dataServices: [dataService("orders", { cluster: "prod" }, [{ cluster: "dr", mode: "async" }])], backups: [backup("wal", "s3", { clusters: ["prod"], dataServices: ["orders"] })] } }),
      objects: [],
    },
    { name: "a backup covering all clusters", fleet: twoSites({ spec: { backups: [backup("velero", "s3")] } }), objects: [db()] },
    {
      name: "a replicated data service without a backup of its own (derived data) in a backed-up cluster",
      fleet: twoSites({ spec: { dataServices: [dataService("kafka", { cluster: "prod" }, [{ cluster: "prod", mode: "sync", count: 2 }])], backups: [backup("velero", "s3", { clusters: ["prod"], volumes: false })] } }),
      objects: [],
    },
    {
      name: "an unreplicated data service with its own backup",
      fleet: twoSites({ spec: { dataServices: [dataService("db", { cluster: "prod" }, [], { backup: "wal" })], backups: [backup("wal", "s3", { clusters: ["prod"], volumes: false })] } }),
      objects: [],
    },
  ],
  invalid: [
    {
      name: "no backups at all",
      fleet: twoSites(),
      objects: [db()],
      findings: [
        { messageId: "cluster", object: "Cluster/prod", path: "spec.clusters[0]", message: "cluster prod holds data (1 volume claim) but no backup covers it" },
        { messageId: "cluster", object: "Cluster/dr", path: "spec.clusters[1]", message: "cluster dr holds data (1 volume claim)" },
      ],
    },
    {
      name: "the second cluster's volumes are left out",
      fleet: twoSites({ spec: { backups: [backup("velero-prod", "s3", { clusters: ["prod"] })] } }),
      objects: [db()],
      findings: [{ messageId: "cluster", object: "Cluster/dr", path: "spec.backups", message: "cluster dr holds data (1 volume claim) but no backup covers it" }],
    },
    {
      name: "a single-copy database nobody backs up",
      fleet: twoSites({ spec: { dataServices: [dataService("billing", { cluster: "prod" })], backups: [backup("velero", "s3", { namespaces: ["web"] })] } }),
      objects: [],
      findings: [{ messageId: "dataService", object: "DataService/billing", path: "spec.dataServices[0]", message: "data service billing has no replica and no backup: its only copy lives in prod (fra)" }],
    },
  ],
});
