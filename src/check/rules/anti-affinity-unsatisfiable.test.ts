import { deployment, fleet } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./anti-affinity-unsatisfiable.js";

const host = "kubernetes.io/hostname";
const zone = "topology.kubernetes.io/zone";

testRule(rule, {
  valid: [
    { name: "3 replicas, 6 nodes", objects: [deployment("web").replicas(3).antiAffinity(host, true).obj()], fleet: fleet() },
    { name: "preferred anti-affinity", objects: [deployment("web").replicas(9).antiAffinity(host, false).obj()], fleet: fleet() },
    { name: "plain manifests", objects: [deployment("web").replicas(9).antiAffinity(host, true).obj()] },
    { name: "6 over 6 nodes with maxUnavailable 1", objects: [deployment("web").replicas(6).antiAffinity(host, true).set("strategy", { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } }).obj()], fleet: fleet() },
  ],
  invalid: [
    {
      name: "4 replicas, zone anti-affinity, 3 zones",
      objects: [deployment("web").replicas(4).antiAffinity(zone, true).obj()],
      fleet: fleet(),
      findings: [{ messageId: "pending", message: "only 3 domains eligible: 1 replica stays Pending" }],
    },
    {
      name: "8 replicas, hostname, 6 workers (control plane tainted)",
      objects: [deployment("web").replicas(8).antiAffinity(host, true).obj()],
      fleet: fleet(),
      findings: [{ message: "only 6 nodes eligible: 2 replicas stay Pending" }],
    },
    {
      name: "6 over 6 nodes: default maxUnavailable 25% of 6 = 1 is fine, 3 over 3 nodes is not",
      objects: [deployment("web").replicas(3).antiAffinity(host, true).obj()],
      fleet: fleet({ zones: ["zone-a", "zone-b", "zone-c"], workersPerZone: 1 }),
      findings: [{ messageId: "rollout", fixable: true }],
    },
  ],
});
