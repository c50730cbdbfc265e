import { deployment, hpa } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import { cluster, fleetOf, site } from "../../../test/check/fleet-drafts.js";
import rule from "./coredns-default-single-replica.js";

const k3s = (servers: number, distribution = "k3s") =>
  fleetOf({
    sites: [site("store")],
    clusters: [
      cluster("store", {
        extra: {
          distribution,
          controlPlane: { nodes: Array.from({ length: servers }, (_, i) => ({ name: `srv-${i + 1}`, zone: "store" })), schedulable: true, capacity: { cpu: "4", memory: "16Gi" }, endpoint: { kind: servers > 1 ? "kube-vip" : "single-node" } },
        },
      }),
    ],
  });
const coredns = () => deployment("coredns").ns("kube-system").replicas(2).templateLabels({ "k8s-app": "kube-dns" }).selector({ matchLabels: { "k8s-app": "kube-dns" } }).image("rancher/mirrored-coredns-coredns:1.11.3");

testRule(rule, {
  valid: [
    { name: "kubeadm deploys 2", objects: [], fleet: fleetOf({ sites: [site("dc", ["a", "b", "c"])], clusters: [cluster("prod", { cp: ["1@a", "2@b", "3@c"], workers: ["w@a"] })] }) },
    { name: "a single k3s server", objects: [], fleet: k3s(1) },
    { name: "the manifests state CoreDNS (coredns-replicas judges it)", objects: [coredns().obj()], fleet: k3s(3) },
    { name: "an HPA scales it", objects: [hpa("coredns", { kind: "Deployment", name: "coredns" }, 2, 4, "kube-system")], fleet: k3s(3) },
    { name: "plain manifests", objects: [deployment("web").replicas(2).obj()] },
  ],
  invalid: [
    {
      name: "three k3s servers, nothing about CoreDNS",
      objects: [],
      fleet: k3s(3),
      findings: [{ messageId: "inferred", object: "Cluster/store", path: "spec.clusters[0].distribution", message: "cluster store (k3s, 3 nodes) shows no CoreDNS in its manifests; k3s deploys CoreDNS" }],
    },
    { name: "MicroK8s", objects: [], fleet: k3s(2, "microk8s"), findings: [{ message: "the MicroK8s dns add-on deploys CoreDNS without a replica count" }] },
  ],
});
