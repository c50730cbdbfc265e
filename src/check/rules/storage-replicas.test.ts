import { deployment, fleet, pvc, statefulSet } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./storage-replicas.js";

type Obj = Record<string, unknown>;
const backend = (o: Obj) => ({ name: "store", provider: "rook-ceph", replicas: 3, replication: "sync", failureDomain: "zone", storageClasses: ["fast"], ...o });
const withBackend = (o: Obj, zones?: string[]) => fleet({ ...(zones ? { zones } : {}), cluster: { storage: [backend(o)] } });
const vct = (sc: string) => [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], storageClassName: sc, resources: { requests: { storage: "10Gi" } } } }];
const db = () => statefulSet("db").replicas(1).set("volumeClaimTemplates", vct("fast"));
const mounted = () => [pvc("files", ["ReadWriteOnce"], "fast"), deployment("app").replicas(1).pod({ volumes: [{ name: "files", persistentVolumeClaim: { claimName: "files" } }] }).obj()];
const dataService = (members: Obj[]) => ({ dataServices: [{ name: "db", engine: "postgres", workload: { namespace: "default", name: "db" }, primary: { cluster: "prod" }, replicas: members }] });

testRule(rule, {
  valid: [
    { name: "3 copies over zones", fleet: withBackend({}), objects: [db().obj()] },
    { name: "an unused backend", fleet: withBackend({ replicas: 1, failureDomain: "host" }), objects: [deployment("web").replicas(2).obj()] },
    { name: "plain manifests", objects: [db().obj()] },
    { name: "a single NFS server is storage-nfs-spof's finding", fleet: withBackend({ provider: "nfs", replicas: 1, replication: "none", failureDomain: "host" }), objects: mounted() },
    { name: "DRBD mirrors two nodes by design", fleet: withBackend({ provider: "nfs-drbd", replicas: 2, failureDomain: "host" }, ["dc"]), objects: mounted() },
    { name: "single-zone cluster, 3 copies over hosts", fleet: withBackend({ failureDomain: "host" }, ["dc"]), objects: [db().obj()] },
    {
      name: "a data service with 3 members keeps its own copies (2-copy Longhorn under it)",
      fleet: { ...withBackend({ provider: "longhorn", replicas: 2, failureDomain: "host" }, ["dc"]), spec: { ...(withBackend({ provider: "longhorn", replicas: 2, failureDomain: "host" }, ["dc"])["spec"] as Obj), ...dataService([{ cluster: "prod", mode: "sync" }, { cluster: "prod", mode: "async" }]) } },
      objects: [db().replicas(3).obj()],
    },
    { name: "regional cloud disks (provider-managed durability, zone failure domain)", fleet: withBackend({ provider: "cloud-block", replicas: 2, zonal: false, failureDomain: "zone" }), objects: [db().obj()] },
  ],
  invalid: [
    {
      name: "Longhorn with 2 copies in a one-zone cluster",
      fleet: withBackend({ provider: "longhorn", replicas: 2, failureDomain: "host" }, ["dc"]),
      objects: [db().obj()],
      findings: [{ messageId: "copies", object: "StorageBackend/store", path: "spec.clusters[0].storage[0].replicas", message: "storage backend store of cluster prod keeps 2 copies of each volume; StatefulSet default/db use it" }],
    },
    {
      name: "a single copy on local disks, used through a PVC",
      fleet: withBackend({ provider: "local", replicas: 1, replication: "none", failureDomain: "host" }, ["dc"]),
      objects: mounted(),
      findings: [{ messageId: "copies", message: "keeps 1 copy of each volume; Deployment default/app use it" }],
    },
    {
      name: "Ceph spread over hosts in a 3-zone cluster",
      fleet: withBackend({ failureDomain: "host" }),
      objects: [db().obj()],
      findings: [{ messageId: "zone", path: "spec.clusters[0].storage[0].failureDomain", message: "spreads 3 copies over hosts, not zones while the cluster spans 3 zones" }],
    },
    {
      name: "zonal cloud disks under a single-member workload in a 3-zone cluster",
      fleet: withBackend({ provider: "cloud-block", replicas: 2, zonal: true, failureDomain: "host", volumeBindingMode: "WaitForFirstConsumer" }),
      objects: [db().obj()],
      findings: [{ messageId: "zone", path: "spec.clusters[0].storage[0].zonal", message: "keeps each volume in one zone while the cluster spans 3 zones" }],
    },
    {
      name: "a data service with one member here does not replicate locally",
      fleet: { ...withBackend({ replicas: 2 }, ["dc"]), spec: { ...(withBackend({ replicas: 2 }, ["dc"])["spec"] as Obj), ...dataService([]) } },
      objects: [db().obj()],
      findings: [{ messageId: "copies", message: "keeps 2 copies" }],
    },
  ],
});
