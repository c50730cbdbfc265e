import { deployment, fleet, pvc, statefulSet } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./storage-async-rpo-zero.js";

type Obj = Record<string, unknown>;
const asyncBackend = { name: "dr-replicated", provider: "portworx", replicas: 2, replication: "async", replicationLag: "30s", failureDomain: "zone", storageClasses: ["px"] };
const f = (objectives: Obj, extra: Obj = {}) => {
  const x = fleet({ objectives, cluster: { storage: [asyncBackend] } });
  (x["spec"] as Obj) = { ...(x["spec"] as Obj), ...extra };
  return x;
};
const vct = [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], storageClassName: "px", resources: { requests: { storage: "10Gi" } } } }];
const db = () => statefulSet("db").replicas(3).set("volumeClaimTemplates", vct);
const ds = (mode: string) => ({ dataServices: [{ name: "orders", engine: "postgres", workload: { name: "db" }, primary: { cluster: "prod" }, replicas: [{ cluster: "prod", mode }] }] });

testRule(rule, {
  valid: [
    { name: "RPO 1m on async storage", fleet: f({ rpo: "1m" }), objects: [db().obj()] },
    { name: "RPO 0 but the database replicates synchronously", fleet: f({ rpo: "0" }, ds("sync")), objects: [db().obj()] },
    { name: "RPO 0 for another service only", fleet: f({ rpo: "5m", services: [{ name: "web", rpo: "0" }] }), objects: [db().obj(), deployment("web").replicas(2).obj()] },
    { name: "plain manifests", objects: [db().obj()] },
  ],
  invalid: [
    {
      name: "RPO 0 by default",
      fleet: f({ rpo: "0" }),
      objects: [db().obj()],
      findings: [{ messageId: "async", object: "StorageBackend/dr-replicated", path: "spec.clusters[0].storage[0].replication", message: "replicates asynchronously (lag 30s), but StatefulSet default/db must lose nothing (RPO 0)" }],
    },
    {
      name: "RPO 0 for the data service, whose replica is async",
      fleet: f({ rpo: "5m", services: [{ name: "orders", rpo: "0" }] }, ds("async")),
      objects: [db().obj()],
      findings: [{ message: "StatefulSet default/db must lose nothing" }],
    },
    {
      name: "RPO 0 for a Deployment's claim",
      fleet: f({ rpo: "1m", services: [{ name: "uploads", rpo: "0" }] }),
      objects: [pvc("files", ["ReadWriteOnce"], "px"), deployment("uploads").replicas(1).pod({ volumes: [{ name: "f", persistentVolumeClaim: { claimName: "files" } }] }).obj()],
      findings: [{ message: "Deployment default/uploads must lose nothing" }],
    },
  ],
});
