import { deployment, fleet, pvc } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./storage-nfs-spof.js";

type Obj = Record<string, unknown>;
const withBackend = (o: Obj) => fleet({ cluster: { storage: [{ name: "files", storageClasses: ["nfs"], accessModes: ["ReadWriteMany"], ...o }] } });
const app = () => [pvc("shared", ["ReadWriteMany"], "nfs"), deployment("cms").replicas(3).pod({ volumes: [{ name: "shared", persistentVolumeClaim: { claimName: "shared" } }] }).obj()];

testRule(rule, {
  valid: [
    { name: "NFS with DRBD failover", fleet: withBackend({ provider: "nfs-drbd", replicas: 2, replication: "sync" }), objects: app() },
    { name: "a managed file service", fleet: withBackend({ provider: "cloud-file" }), objects: app() },
    { name: "an NFS backend nobody uses", fleet: withBackend({ provider: "nfs" }), objects: [deployment("web").replicas(2).obj()] },
    { name: "an HA filer (2 synchronous copies)", fleet: withBackend({ provider: "nfs", replicas: 2, replication: "sync" }), objects: app() },
  ],
  invalid: [
    {
      name: "csi-driver-nfs against one server",
      fleet: withBackend({ provider: "nfs" }),
      objects: app(),
      findings: [{ messageId: "spof", object: "StorageBackend/files", path: "spec.clusters[0].storage[0].provider", message: "storage backend files of cluster prod is a single NFS server (1 copy, replication none); Deployment default/cms mount it" }],
    },
    {
      name: "a claim nobody mounts still lives there",
      fleet: withBackend({ provider: "nfs" }),
      objects: [pvc("archive", ["ReadWriteMany"], "nfs")],
      findings: [{ message: "PersistentVolumeClaim default/archive mount it" }],
    },
  ],
});
