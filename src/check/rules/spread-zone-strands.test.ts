import { deployment, fleet } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./spread-zone-strands.js";

const zone = "topology.kubernetes.io/zone";

testRule(rule, {
  valid: [
    { name: "nodeTaintsPolicy Honor", objects: [deployment("web").replicas(3).spread(zone, { nodeTaintsPolicy: "Honor" }).obj()], fleet: fleet() },
    { name: "ScheduleAnyway", objects: [deployment("web").replicas(3).spread(zone, { whenUnsatisfiable: "ScheduleAnyway" }).obj()], fleet: fleet() },
    { name: "maxSkew leaves room: 3 over 3 zones with maxSkew 2", objects: [deployment("web").replicas(3).spread(zone, { maxSkew: 2 }).obj()], fleet: fleet() },
    { name: "plain manifests", objects: [deployment("web").replicas(3).spread(zone).obj()] },
  ],
  invalid: [
    {
      name: "3 replicas over 3 zones, maxSkew 1",
      objects: [deployment("web").replicas(3).spread(zone).obj()],
      fleet: fleet(),
      findings: [{ messageId: "strands", path: "spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable", message: "After losing zone zone-a, 1 of 1 replacement pod of Deployment default/web stays Pending", fixable: true }],
    },
    {
      name: "6 over 2 zones, maxSkew 2",
      objects: [deployment("web").replicas(6).spread(zone, { maxSkew: 2 }).obj()],
      fleet: fleet({ zones: ["zone-a", "zone-b"] }),
      findings: [{ message: "3 of 3 replacement pods" }],
    },
    {
      name: "Kubernetes 1.25: fix is ScheduleAnyway",
      objects: [deployment("web").replicas(3).spread(zone).obj()],
      fleet: fleet({ kubernetesVersion: "1.25" }),
      findings: [{ fixable: true }],
    },
  ],
});
