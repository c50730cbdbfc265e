import { deployment, hpa } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./anti-affinity-missing.js";

testRule(rule, {
  valid: [
    { name: "hostname spread", objects: [deployment("web").replicas(3).spread("kubernetes.io/hostname").obj()] },
    { name: "zone spread counts too", objects: [deployment("web").replicas(3).spread("topology.kubernetes.io/zone").obj()] },
    { name: "preferred hostname anti-affinity", objects: [deployment("web").replicas(3).antiAffinity("kubernetes.io/hostname").obj()] },
    { name: "single replica", objects: [deployment("web").replicas(1).obj()] },
  ],
  invalid: [
    { name: "three replicas, nothing", objects: [deployment("web").replicas(3).obj()], findings: [{ messageId: "missing", path: "spec.template.spec", message: "runs 3 replicas with no pod anti-affinity", fixable: true }] },
    { name: "HPA may scale it out", objects: [deployment("web").replicas(1).obj(), hpa("web", { kind: "Deployment", name: "web" }, 1, 5)], findings: [{ message: "up to 5 replicas" }] },
  ],
});
