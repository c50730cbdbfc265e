import { deployment } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./graceful-shutdown.js";

testRule(rule, {
  valid: [
    { name: "no preStop", objects: [deployment("web").obj()] },
    { name: "preStop 10s within the default 30s", objects: [deployment("web").container({ lifecycle: { preStop: { exec: { command: ["sleep", "10"] } } } }).obj()] },
    { name: "long preStop with a long grace period", objects: [deployment("web").container({ lifecycle: { preStop: { sleep: { seconds: 40 } } } }).pod({ terminationGracePeriodSeconds: 60 }).obj()] },
  ],
  invalid: [
    {
      name: "preStop sleep 30 with the default grace period",
      objects: [deployment("web").container({ lifecycle: { preStop: { exec: { command: ["/bin/sh", "-c", "sleep 30 && nginx -s quit"] } } } }).obj()],
      findings: [{ messageId: "tooShort", path: "spec.template.spec.containers[0].lifecycle.preStop", message: "sleeps 30s in preStop and needs 5s to drain, but terminationGracePeriodSeconds is 30 (the default)", fixable: true }],
    },
    {
      name: "sleep action longer than the grace period",
      objects: [deployment("web").container({ lifecycle: { preStop: { sleep: { seconds: 20 } } } }).pod({ terminationGracePeriodSeconds: 15 }).obj()],
      findings: [{ message: "terminationGracePeriodSeconds is 15" }],
    },
  ],
});
