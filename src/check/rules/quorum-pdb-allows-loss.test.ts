import { pdb, statefulSet } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./quorum-pdb-allows-loss.js";

const etcd = (n: number) => statefulSet("etcd").replicas(n).image("quay.io/coreos/etcd:v3.5.15").obj();
const sel = { matchLabels: { app: "etcd" } };

testRule(rule, {
  valid: [
    { name: "3 members, maxUnavailable 1", objects: [etcd(3), pdb("etcd", { maxUnavailable: 1, selector: sel })] },
    { name: "5 members, minAvailable 3", objects: [etcd(5), pdb("etcd", { minAvailable: 3, selector: sel })] },
    { name: "5 members, maxUnavailable 40% = 2", objects: [etcd(5), pdb("etcd", { maxUnavailable: "40%", selector: sel })] },
  ],
  invalid: [
    { name: "3 members, maxUnavailable 2", objects: [etcd(3), pdb("etcd", { maxUnavailable: 2, selector: sel })], findings: [{ messageId: "allows", object: "PodDisruptionBudget/etcd", path: "spec.maxUnavailable", message: "allows 2 of 3 members", fixable: true }] },
    { name: "5 members, maxUnavailable 50% rounds up to 3", objects: [etcd(5), pdb("etcd", { maxUnavailable: "50%", selector: sel })], findings: [{ message: "allows 3 of 5 members" }] },
    { name: "3 members, minAvailable 1", objects: [etcd(3), pdb("etcd", { minAvailable: 1, selector: sel })], findings: [{ path: "spec.minAvailable", message: "a majority of 2 must stay up" }] },
  ],
});
