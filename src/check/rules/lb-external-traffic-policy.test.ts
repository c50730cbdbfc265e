import { deployment, service } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import { cluster, fleetOf, site } from "../../../test/check/fleet-drafts.js";
import rule from "./lb-external-traffic-policy.js";

const controller = () =>
  deployment("ingress-nginx-controller").ns("ingress-nginx").replicas(3).image("registry.k8s.io/ingress-nginx/controller:v1.11.3").templateLabels({ app: "ingress-nginx-controller", "app.kubernetes.io/component": "controller" });
const lb = (extra: Record<string, unknown> = {}, annotations?: Record<string, string>) => {
  const s = service("ingress-nginx-controller", { "app.kubernetes.io/component": "controller" }, "ingress-nginx", { type: "LoadBalancer", ...extra });
  if (annotations) (s["metadata"] as Record<string, unknown>)["annotations"] = annotations;
  return s;
};
const withPolicy = (policy?: string) =>
  fleetOf({
    sites: [site("dc", ["a", "b", "c"])],
    clusters: [cluster("prod", { cp: ["1@a", "2@b", "3@c"], workers: ["w1@a", "w2@b"], extra: { ingress: { controller: "ingress-nginx", replicas: 3, ...(policy ? { externalTrafficPolicy: policy } : {}) } } })],
  });

testRule(rule, {
  valid: [
    { name: "Local", objects: [controller().obj(), lb({ externalTrafficPolicy: "Local" })] },
    { name: "a database's LoadBalancer is not the seeds' case", objects: [deployment("db").replicas(2).obj(), service("db", { app: "db" }, "default", { type: "LoadBalancer" })] },
    { name: "a ClusterIP Service of the controller", objects: [controller().obj(), service("ingress-nginx-metrics", { "app.kubernetes.io/component": "controller" }, "ingress-nginx")] },
    { name: "AWS NLB with IP targets", objects: [controller().obj(), lb({}, { "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip" })] },
    { name: "the fleet says Local", objects: [], fleet: withPolicy("Local") },
    { name: "the fleet does not say", objects: [], fleet: withPolicy() },
  ],
  invalid: [
    {
      name: "the default (Cluster)",
      objects: [controller().obj(), lb()],
      findings: [{ messageId: "service", object: "Service/ingress-nginx-controller", path: "spec.externalTrafficPolicy", message: "with externalTrafficPolicy Cluster (the default)", fixable: true }],
    },
    { name: "explicit Cluster", objects: [controller().obj(), lb({ externalTrafficPolicy: "Cluster" })], findings: [{ message: "externalTrafficPolicy Cluster", fixable: true }] },
    {
      name: "the fleet says Cluster",
      objects: [],
      fleet: withPolicy("Cluster"),
      findings: [{ messageId: "fleet", object: "Cluster/prod", path: "spec.clusters[0].ingress.externalTrafficPolicy", message: "cluster prod exposes its ingress controller (ingress-nginx) with externalTrafficPolicy Cluster" }],
    },
  ],
});
