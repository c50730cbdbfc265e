import { deployment, hpa, pdb, statefulSet } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./pdb-missing.js";

testRule(rule, {
  valid: [
    { name: "covered by a matchLabels PDB", objects: [deployment("web").replicas(3).obj(), pdb("web", { maxUnavailable: 1, selector: { matchLabels: { app: "web" } } })] },
    {
      name: "covered by a matchExpressions PDB",
      objects: [deployment("web").replicas(3).obj(), pdb("web", { maxUnavailable: 1, selector: { matchExpressions: [{ key: "app", operator: "In", values: ["web", "api"] }] } })],
    },
    { name: "an empty selector covers every pod of the namespace", objects: [deployment("web").replicas(3).obj(), pdb("all", { maxUnavailable: 1, selector: {} })] },
    { name: "single replica is left to workload-replicas", objects: [deployment("web").replicas(1).obj()] },
    { name: "DaemonSets are drained by design", objects: [{ ...deployment("agent").obj(), kind: "DaemonSet" }] },
  ],
  invalid: [
    {
      name: "no PDB at all",
      objects: [deployment("web").replicas(3).obj()],
      findings: [{ messageId: "missing", object: "Deployment/web", path: "metadata.name", message: "runs 3 replicas but no PodDisruptionBudget", fixable: true }],
    },
    {
      name: "PDB in another namespace",
      objects: [statefulSet("db").replicas(3).obj(), pdb("db", { maxUnavailable: 1, selector: { matchLabels: { app: "db" } } }, "other")],
      findings: [{ object: "StatefulSet/db" }],
    },
    {
      name: "PDB selector matches only part of the labels (all matchLabels must match)",
      objects: [deployment("web").replicas(2).obj(), pdb("web", { maxUnavailable: 1, selector: { matchLabels: { app: "web", tier: "front" } } })],
      findings: [{ object: "Deployment/web", message: "2 replicas" }],
    },
    {
      name: "matchExpressions NotIn excludes the workload",
      objects: [deployment("web").replicas(2).obj(), pdb("web", { maxUnavailable: 1, selector: { matchExpressions: [{ key: "app", operator: "NotIn", values: ["web"] }] } })],
      findings: [{ object: "Deployment/web" }],
    },
    {
      name: "a null selector selects nothing",
      objects: [deployment("web").replicas(2).obj(), pdb("web", { maxUnavailable: 1 })],
      findings: [{ object: "Deployment/web" }],
    },
    {
      name: "HPA that can scale above one replica",
      objects: [deployment("web").replicas(1).obj(), hpa("web", { kind: "Deployment", name: "web" }, 1, 4)],
      findings: [{ message: "1–4 replicas (HPA)" }],
    },
  ],
});
