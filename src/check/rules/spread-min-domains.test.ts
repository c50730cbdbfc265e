import { deployment, fleet } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./spread-min-domains.js";

const zone = "topology.kubernetes.io/zone";

testRule(rule, {
  valid: [
    { name: "minDomains 3 of 3 zones", objects: [deployment("web").replicas(6).spread(zone, { minDomains: 3 }).obj()], fleet: fleet() },
    { name: "plain manifests: domains unknown", objects: [deployment("web").replicas(6).spread(zone, { minDomains: 5 }).obj()] },
  ],
  invalid: [
    {
      name: "minDomains 4 with 3 zones",
      objects: [deployment("web").replicas(6).spread(zone, { minDomains: 4 }).obj()],
      fleet: fleet(),
      findings: [{ messageId: "tooMany", path: "spec.template.spec.topologySpreadConstraints[0].minDomains", message: "wants minDomains 4 over topology.kubernetes.io/zone, but the cluster has 3 domains: 3 replicas of 6 stay Pending", fixable: true }],
    },
    {
      name: "minDomains with ScheduleAnyway (API rejects)",
      objects: [deployment("web").replicas(3).spread(zone, { minDomains: 2, whenUnsatisfiable: "ScheduleAnyway" }).obj()],
      findings: [{ messageId: "scheduleAnyway", fixable: true }],
    },
  ],
});
