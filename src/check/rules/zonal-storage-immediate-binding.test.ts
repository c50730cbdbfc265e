import { fleet, storageClass } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./zonal-storage-immediate-binding.js";

testRule(rule, {
  valid: [
    { name: "WaitForFirstConsumer", objects: [storageClass("gp3", "ebs.csi.aws.com", "WaitForFirstConsumer")], fleet: fleet() },
    { name: "plain manifests: zones unknown", objects: [storageClass("gp3", "ebs.csi.aws.com")] },
    { name: "single-zone cluster", objects: [storageClass("gp3", "ebs.csi.aws.com")], fleet: fleet({ zones: ["only"] }) },
    { name: "replicated storage is not zonal", objects: [storageClass("ceph", "rook-ceph.rbd.csi.ceph.com")], fleet: fleet() },
    { name: "GKE regional persistent disk", objects: [storageClass("regional", "pd.csi.storage.gke.io", undefined, { parameters: { "replication-type": "regional-pd" } })], fleet: fleet() },
  ],
  invalid: [
    {
      name: "EBS with the default binding mode",
      objects: [storageClass("gp3", "ebs.csi.aws.com")],
      fleet: fleet(),
      findings: [{ messageId: "storageClass", object: "StorageClass/gp3", path: "", message: "with volumeBindingMode Immediate (the default) in a cluster spanning 3 zones", fixable: true }],
    },
    {
      name: "fleet backend declared zonal with Immediate",
      objects: [],
      fleet: fleet({ cluster: { storage: [{ name: "ebs", provider: "cloud-block", storageClasses: ["gp3"], volumeBindingMode: "Immediate" }] } }),
      findings: [{ messageId: "backend", object: "StorageBackend/ebs", path: "spec.clusters[0].storage[0]", fixable: true }],
    },
  ],
});
