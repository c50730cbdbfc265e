import { deployment, statefulSet } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./selector-template-mismatch.js";

testRule(rule, {
  valid: [
    { name: "selector is a subset of the template labels", objects: [deployment("web").templateLabels({ app: "web", version: "v2" }).obj()] },
    { name: "matchExpressions satisfied", objects: [deployment("web").selector({ matchExpressions: [{ key: "app", operator: "In", values: ["web"] }] }).obj()] },
  ],
  invalid: [
    { name: "label renamed in the template only", objects: [deployment("web").templateLabels({ app: "webapp" }).obj()], findings: [{ messageId: "mismatch", path: "spec.selector", message: "selects app=web, but its pod template has labels app=webapp" }] },
    { name: "empty selector", objects: [statefulSet("db").selector({}).obj()], findings: [{ message: "selects <everything>" }] },
    { name: "no selector", objects: [deployment("web").selector(undefined).obj()], findings: [{ messageId: "missing", fixable: true }] },
  ],
});
