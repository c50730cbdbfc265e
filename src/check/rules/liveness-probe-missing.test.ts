import { deployment } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./liveness-probe-missing.js";

testRule(rule, {
  valid: [
    { name: "with a liveness probe", objects: [deployment("web").obj()] },
    { name: "Jobs run to completion", objects: [{ ...deployment("once").container({ livenessProbe: undefined }).obj(), kind: "Job", apiVersion: "batch/v1" }] },
  ],
  invalid: [{ name: "no liveness probe", objects: [deployment("web").container({ livenessProbe: undefined }).obj()], findings: [{ messageId: "missing", path: "spec.template.spec.containers[0]" }] }],
});
