import { daemonSet, deployment, fleet, hpa } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import { cluster, fleetOf, site } from "../../../test/check/fleet-drafts.js";
import rule from "./ingress-replicas.js";

const nginx = (replicas: number) => deployment("ingress-nginx-controller").ns("ingress-nginx").replicas(replicas).image("registry.k8s.io/ingress-nginx/controller:v1.11.3");
const withIngress = (replicas: number) =>
  fleetOf({ sites: [site("dc", ["a", "b", "c"])], clusters: [cluster("prod", { cp: ["1@a", "2@b", "3@c"], workers: ["w1@a", "w2@b"], extra: { ingress: { controller: "ingress-nginx", replicas } } })] });

testRule(rule, {
  valid: [
    { name: "ingress-nginx with 3 replicas", objects: [nginx(3).obj()] },
    { name: "a plain nginx web server is no ingress controller", objects: [deployment("web").replicas(1).image("nginx:1.27.3").obj()] },
    { name: "the fleet says 3 replicas", objects: [], fleet: withIngress(3) },
    { name: "an HPA keeps at least 2", objects: [nginx(1).obj(), hpa("ingress-nginx-controller", { kind: "Deployment", name: "ingress-nginx-controller" }, 2, 6, "ingress-nginx")] },
    { name: "Traefik DaemonSet on 6 nodes", fleet: fleet(), objects: [daemonSet("traefik").ns("kube-system").image("traefik:v3.2").obj()] },
  ],
  invalid: [
    {
      name: "ingress-nginx with 1 replica",
      objects: [nginx(1).obj()],
      findings: [{ messageId: "manifest", object: "Deployment/ingress-nginx-controller", path: "spec.replicas", message: "runs the ingress-nginx ingress controller with 1 replica", fixable: true }],
    },
    {
      name: "the manifests win over the fleet's description",
      fleet: withIngress(3),
      objects: [deployment("traefik").ns("kube-system").replicas(1).image("rancher/mirrored-library-traefik:2.11.10").obj()],
      findings: [{ messageId: "manifest", message: "Traefik ingress controller with 1 replica", cluster: "prod" }],
    },
    {
      name: "the fleet says 1 replica",
      objects: [],
      fleet: withIngress(1),
      findings: [{ messageId: "fleet", object: "Cluster/prod", path: "spec.clusters[0].ingress.replicas", message: "cluster prod runs its ingress controller (ingress-nginx) with 1 replica: every route of the cluster depends on one pod" }],
    },
    {
      name: "an HPA that allows 1",
      objects: [nginx(2).obj(), hpa("ingress-nginx-controller", { kind: "Deployment", name: "ingress-nginx-controller" }, 1, 6, "ingress-nginx")],
      findings: [{ message: "with an HPA minimum of 1", fixable: false }],
    },
    {
      name: "a DaemonSet pinned to one node",
      fleet: fleet({ pool: { labels: { edge: "no" } }, pools: [{ name: "edge", count: 1, zones: ["zone-a"], capacity: { cpu: "4", memory: "8Gi" }, labels: { edge: "yes" } }] }),
      objects: [daemonSet("haproxy").ns("ingress").image("haproxytech/kubernetes-ingress:3.0.1").pod({ nodeSelector: { edge: "yes" } }).obj()],
      findings: [{ messageId: "daemonSet", message: "HAProxy Ingress ingress controller as a DaemonSet on 1 eligible node" }],
    },
  ],
});
