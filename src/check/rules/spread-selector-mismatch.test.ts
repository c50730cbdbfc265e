import { deployment } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./spread-selector-mismatch.js";

testRule(rule, {
  valid: [
    { name: "spread over own labels", objects: [deployment("web").replicas(3).spread("kubernetes.io/hostname").obj()] },
    { name: "matchExpressions matching own labels", objects: [deployment("web").replicas(3).spread("kubernetes.io/hostname", { labelSelector: { matchExpressions: [{ key: "app", operator: "In", values: ["web", "web-canary"] }] } }).obj()] },
    { name: "anti-affinity against another app that exists", objects: [deployment("web").replicas(3).antiAffinity("kubernetes.io/hostname", true, { matchLabels: { app: "db" } }).obj(), deployment("db").obj()] },
  ],
  invalid: [
    {
      name: "spread copied from another app",
      objects: [deployment("web").replicas(3).spread("topology.kubernetes.io/zone", { labelSelector: { matchLabels: { app: "api" } } }).obj()],
      findings: [{ messageId: "spread", path: "spec.template.spec.topologySpreadConstraints[0].labelSelector", message: "selects app=api, which does not match the pods' own labels app=web", fixable: true }],
    },
    {
      name: "spread without a labelSelector counts nothing",
      objects: [deployment("web").replicas(3).spread("kubernetes.io/hostname", { labelSelector: undefined }).obj()],
      findings: [{ message: "selects <none>" }],
    },
    {
      name: "anti-affinity selecting nobody",
      objects: [deployment("web").replicas(3).antiAffinity("kubernetes.io/hostname", false, { matchLabels: { app: "frontend" } }).obj()],
      findings: [{ messageId: "antiAffinity", path: "spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector" }],
    },
  ],
});
