import { hpa } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./hpa-no-headroom.js";

const target = { kind: "Deployment", name: "web" };

testRule(rule, {
  valid: [{ name: "max above min", objects: [hpa("web", target, 2, 3)] }],
  invalid: [
    { name: "max equals min", objects: [hpa("web", target, 3, 3)], findings: [{ messageId: "noHeadroom", path: "spec.maxReplicas", message: "maxReplicas 3 and minReplicas 3" }] },
    { name: "max below the default min of 1 is impossible, max 1 with min omitted", objects: [hpa("web", target, undefined, 1)], findings: [{ message: "maxReplicas 1 and minReplicas 1" }] },
  ],
});
