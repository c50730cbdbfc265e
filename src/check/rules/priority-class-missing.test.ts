import { deployment, service } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./priority-class-missing.js";

testRule(rule, {
  valid: [
    { name: "priority class set", objects: [deployment("web").pod({ priorityClassName: "customer-facing" }).obj(), service("web", { app: "web" })] },
    { name: "not served", objects: [deployment("worker").obj()] },
  ],
  invalid: [{ name: "served, no priority class", objects: [deployment("web").obj(), service("web", { app: "web" })], findings: [{ messageId: "missing", path: "spec.template.spec" }] }],
});
