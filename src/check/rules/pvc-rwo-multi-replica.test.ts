import { deployment, hpa, pvc } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./pvc-rwo-multi-replica.js";

const withClaim = (name: string) => ({ volumes: [{ name: "data", persistentVolumeClaim: { claimName: name } }] });

testRule(rule, {
  valid: [
    { name: "ReadWriteMany shared by replicas", objects: [deployment("web").replicas(3).pod(withClaim("shared")).obj(), pvc("shared", ["ReadWriteMany"])] },
    { name: "single replica with Recreate", objects: [deployment("web").replicas(1).set("strategy", { type: "Recreate" }).pod(withClaim("data")).obj(), pvc("data", ["ReadWriteOnce"])] },
    { name: "claim not in the input: access mode unknown", objects: [deployment("web").replicas(3).pod(withClaim("elsewhere")).obj()] },
    { name: "claim in another namespace does not resolve", objects: [deployment("web").replicas(3).pod(withClaim("data")).obj(), pvc("data", ["ReadWriteOnce"], undefined, "other")] },
  ],
  invalid: [
    {
      name: "three replicas on one RWO claim",
      objects: [deployment("web").replicas(3).pod(withClaim("data")).obj(), pvc("data", ["ReadWriteOnce"])],
      findings: [{ messageId: "shared", path: "spec.template.spec.volumes[0].persistentVolumeClaim.claimName", message: "runs 3 replicas that all mount ReadWriteOnce claim data" }],
    },
    {
      name: "HPA may add replicas to a ReadWriteOncePod claim",
      objects: [deployment("web").replicas(1).pod(withClaim("data")).obj(), pvc("data", ["ReadWriteOncePod"]), hpa("web", { kind: "Deployment", name: "web" }, 1, 4)],
      findings: [{ message: "up to 4 replicas that all mount ReadWriteOncePod" }],
    },
    {
      name: "one replica, rolling update",
      objects: [deployment("web").replicas(1).pod(withClaim("data")).obj(), pvc("data", ["ReadWriteOnce"])],
      findings: [{ messageId: "rollout" }],
    },
  ],
});
