import { hpa } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./hpa-min-replicas.js";

const target = { kind: "Deployment", name: "web" };

testRule(rule, {
  valid: [
    { name: "minReplicas 2", objects: [hpa("web", target, 2, 10)] },
    { name: "minReplicas 0 (scale to zero) is deliberate", objects: [hpa("web", target, 0, 10)] },
    { name: "option min 1", objects: [hpa("web", target, 1, 10)], options: { min: 1 } },
  ],
  invalid: [
    { name: "minReplicas 1", objects: [hpa("web", target, 1, 10)], findings: [{ messageId: "tooLow", path: "spec.minReplicas", message: "minReplicas 1;", fixable: true }] },
    { name: "minReplicas omitted defaults to 1", objects: [hpa("web", target, undefined, 10)], findings: [{ path: "spec", message: "minReplicas 1 (the default)" }] },
    { name: "fix raises maxReplicas too when needed", objects: [hpa("web", target, 1, 2)], findings: [{ message: "at least 2" }] },
  ],
});
