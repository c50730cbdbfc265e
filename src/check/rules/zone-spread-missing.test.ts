import { deployment, fleet } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./zone-spread-missing.js";

testRule(rule, {
  valid: [
    { name: "zone spread", objects: [deployment("web").replicas(3).spread("topology.kubernetes.io/zone").obj()], fleet: fleet() },
    { name: "zone anti-affinity", objects: [deployment("web").replicas(3).antiAffinity("topology.kubernetes.io/zone", true).obj()], fleet: fleet() },
    { name: "plain manifests: zones unknown", objects: [deployment("web").replicas(3).obj()] },
    { name: "single-zone cluster", objects: [deployment("web").replicas(3).obj()], fleet: fleet({ zones: ["only"] }) },
    { name: "pinned to one zone is another rule", objects: [deployment("web").replicas(3).pod({ nodeSelector: { "topology.kubernetes.io/zone": "zone-a" } }).obj()], fleet: fleet() },
  ],
  invalid: [
    {
      name: "three zones, hostname spread only",
      objects: [deployment("web").replicas(3).spread("kubernetes.io/hostname").obj()],
      fleet: fleet(),
      findings: [{ messageId: "missing", path: "spec.template.spec", message: "runs 3 replicas in a cluster with 3 zones (zone-a, zone-b, zone-c) but has no zone spread", fixable: true, cluster: "prod" }],
    },
  ],
});
