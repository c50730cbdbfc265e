import { deployment, fleet, hpa } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import { cluster, fleetOf, site } from "../../../test/check/fleet-drafts.js";
import rule from "./coredns-replicas.js";

const coredns = (replicas: number | undefined) =>
  deployment("coredns").ns("kube-system").replicas(replicas).templateLabels({ "k8s-app": "kube-dns" }).selector({ matchLabels: { "k8s-app": "kube-dns" } }).image("registry.k8s.io/coredns/coredns:v1.11.3");

testRule(rule, {
  valid: [
    { name: "kubeadm's 2 replicas", objects: [coredns(2).obj()] },
    { name: "another DNS-ish deployment", objects: [deployment("dnsmasq").replicas(1).image("jpillora/dnsmasq:1.1").obj()] },
    { name: "an HPA with a floor of 2", objects: [coredns(1).obj(), hpa("coredns", { kind: "Deployment", name: "coredns" }, 2, 5, "kube-system")] },
    {
      name: "a single-node cluster has nowhere to put a second replica",
      fleet: fleetOf({ sites: [site("home")], clusters: [cluster("one", { cp: ["srv@home"], endpoint: { kind: "single-node" }, extra: { controlPlane: { nodes: [{ name: "srv", zone: "home" }], schedulable: true, endpoint: { kind: "single-node" } } } })] }),
      objects: [coredns(1).obj()],
    },
  ],
  invalid: [
    {
      name: "replicas 1",
      objects: [coredns(1).obj()],
      findings: [{ messageId: "tooFew", object: "Deployment/coredns", path: "spec.replicas", message: "Deployment kube-system/coredns (cluster DNS) runs 1 replica", fixable: true }],
    },
    {
      name: "no replicas field (k3s's manifest): 1",
      objects: [coredns(undefined).obj()],
      findings: [{ path: "spec", message: "runs 1 replica", fixable: true }],
    },
    {
      name: "fleet run: per cluster",
      fleet: fleet(),
      objects: [coredns(1).obj()],
      findings: [{ cluster: "prod", message: "every name lookup in the cluster depends on one pod" }],
    },
  ],
});
