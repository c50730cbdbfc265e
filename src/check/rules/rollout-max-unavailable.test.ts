import { deployment, hpa, statefulSet } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./rollout-max-unavailable.js";

const ru = (maxUnavailable: unknown, maxSurge?: unknown) => ({ type: "RollingUpdate", rollingUpdate: { maxUnavailable, ...(maxSurge === undefined ? {} : { maxSurge }) } });

testRule(rule, {
  valid: [
    { name: "default strategy", objects: [deployment("web").replicas(3).obj()] },
    { name: "maxUnavailable 1 of 3", objects: [deployment("web").replicas(3).set("strategy", ru(1)).obj()] },
    { name: "99% of 3 rounds down to 2", objects: [deployment("web").replicas(3).set("strategy", ru("99%")).obj()] },
  ],
  invalid: [
    { name: "100%", objects: [deployment("web").replicas(3).set("strategy", ru("100%")).obj()], findings: [{ messageId: "all", path: "spec.strategy.rollingUpdate.maxUnavailable", message: "maxUnavailable 100% (= 3 pods) with 3 replicas", fixable: true }] },
    { name: "2 of 2", objects: [deployment("web").replicas(2).set("strategy", ru(2)).obj()], findings: [{ message: "(= 2 pods) with 2 replicas" }] },
    { name: "1 of 1 with maxSurge 0", objects: [deployment("web").replicas(1).set("strategy", ru(1, 0)).obj()], findings: [{ message: "1 replica" }] },
    { name: "HPA minimum is the worst case", objects: [deployment("web").replicas(5).set("strategy", ru(2)).obj(), hpa("web", { kind: "Deployment", name: "web" }, 2, 8)], findings: [{ message: "with 2 replicas" }] },
    { name: "StatefulSet rolling update maxUnavailable", objects: [statefulSet("db").replicas(3).set("updateStrategy", ru(3)).obj()], findings: [{ path: "spec.updateStrategy.rollingUpdate.maxUnavailable" }] },
  ],
});
