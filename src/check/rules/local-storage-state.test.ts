import { daemonSet, deployment, fleet, pvc, statefulSet, storageClass } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./local-storage-state.js";

const hostPath = (path: string) => ({ volumes: [{ name: "data", hostPath: { path } }] });
const mount = (readOnly?: boolean) => ({ volumeMounts: [{ name: "data", mountPath: "/data", ...(readOnly ? { readOnly } : {}) }] });
const claim = (name: string) => ({ volumes: [{ name: "data", persistentVolumeClaim: { claimName: name } }] });

testRule(rule, {
  valid: [
    { name: "DaemonSet node agent", objects: [daemonSet("agent").pod(hostPath("/var/lib/agent")).container(mount()).obj()] },
    { name: "container runtime socket", objects: [deployment("builder").pod(hostPath("/var/run/docker.sock")).obj()] },
    { name: "read-only host directory", objects: [deployment("web").pod(hostPath("/opt/config")).container(mount(true)).obj()] },
    { name: "replicated StatefulSet on local disks (the app replicates)", objects: [statefulSet("db").replicas(3).pod(claim("data")).obj(), pvc("data", ["ReadWriteOnce"], "local"), storageClass("local", "kubernetes.io/no-provisioner", "WaitForFirstConsumer")] },
    { name: "replicated storage class", objects: [deployment("web").pod(claim("data")).obj(), pvc("data", ["ReadWriteOnce"], "ceph"), storageClass("ceph", "rook-ceph.rbd.csi.ceph.com")] },
  ],
  invalid: [
    {
      name: "hostPath data directory in a Deployment",
      objects: [deployment("web").pod(hostPath("/data/web")).container(mount()).obj()],
      findings: [{ messageId: "hostPath", path: "spec.template.spec.volumes[0].hostPath", message: "writes to hostPath /data/web (volume data)" }],
    },
    {
      name: "single-instance database on local-path",
      objects: [statefulSet("db").replicas(1).pod(claim("data")).obj(), pvc("data", ["ReadWriteOnce"], "local-path"), storageClass("local-path", "rancher.io/local-path", "WaitForFirstConsumer")],
      findings: [{ messageId: "local", message: "StorageClass local-path, provisioner rancher.io/local-path" }],
    },
    {
      name: "default storage class is local (no storageClassName on the claim)",
      objects: [deployment("web").pod(claim("data")).obj(), pvc("data", ["ReadWriteOnce"]), storageClass("local", "openebs.io/local", "WaitForFirstConsumer", { metadata: { name: "local", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } } })],
      findings: [{ messageId: "local" }],
    },
    {
      name: "fleet backend of provider local",
      objects: [deployment("web").pod(claim("data")).obj(), pvc("data", ["ReadWriteOnce"], "node-disks")],
      fleet: fleet({ cluster: { storage: [{ name: "disks", provider: "local", storageClasses: ["node-disks"], volumeBindingMode: "WaitForFirstConsumer" }] } }),
      findings: [{ messageId: "local", message: "storage backend disks of the fleet" }],
    },
  ],
});
