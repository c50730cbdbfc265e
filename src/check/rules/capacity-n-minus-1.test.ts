import { daemonSet, deployment, hpa, statefulSet } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import { cluster, fleetOf, site } from "../../../test/check/fleet-drafts.js";
import rule from "./capacity-n-minus-1.js";

const dc = [site("dc", ["a", "b", "c"])];
const cp = ["cp-1@a", "cp-2@b", "cp-3@c"];
const req = (cpu: string, memory: string) => ({ resources: { requests: { cpu, memory } } });
/** 3 workers of 4 CPU / 16 GiB in 3 zones. */
const three = fleetOf({ sites: dc, clusters: [cluster("prod", { cp, workers: ["w1@a", "w2@b", "w3@c"], cpu: "4", memory: "16Gi" })] });
/** 2 workers of 3 CPU / 11 GiB in one zone (the homelab). */
const two = fleetOf({ sites: [site("home")], clusters: [cluster("home", { cp: ["cp-1@home", "cp-2@home", "cp-3@home"], workers: ["w1@home", "w2@home"], cpu: "3", memory: "11Gi" })] });

testRule(rule, {
  valid: [
    { name: "plain manifests: nodes unknown", objects: [deployment("web").replicas(30).container(req("2", "8Gi")).obj()] },
    { name: "6 × 1 CPU fit into two surviving 4-CPU nodes", fleet: three, objects: [deployment("web").replicas(6).container(req("1", "1Gi")).obj()] },
    {
      name: "a zone loss leaves 8 CPU for 7.5 CPU",
      fleet: three,
      objects: [deployment("web").replicas(5).container(req("1500m", "1Gi")).obj()],
    },
    { name: "one replica on two nodes is not a redundancy question", fleet: two, objects: [deployment("tool").replicas(1).container(req("100m", "64Mi")).obj()] },
    { name: "jobs and bare pods are not rescheduled capacity", fleet: three, objects: [{ apiVersion: "batch/v1", kind: "Job", metadata: { name: "j", namespace: "default" }, spec: { parallelism: 40, template: { spec: { restartPolicy: "Never", containers: [{ name: "j", image: "busybox:1.36", ...req("1", "1Gi") }] } } } }] },
  ],
  invalid: [
    {
      name: "9 × 1 CPU: losing a node leaves 8 CPU",
      fleet: three,
      objects: [deployment("web").replicas(9).container(req("1", "1Gi")).obj()],
      findings: [{ messageId: "nodeShort", object: "Cluster/prod", path: "spec.clusters[0].nodePools[0].nodes[0]", message: "losing node w1 leaves 8 CPU on 2 nodes for 9 CPU requested by 9 pods (web): 1 CPU short", cluster: "prod" }],
    },
    {
      name: "DaemonSets take their share of every node",
      fleet: three,
      objects: [deployment("web").replicas(6).container(req("1", "1Gi")).obj(), daemonSet("agent").container(req("1500m", "512Mi")).obj()],
      findings: [{ messageId: "nodeShort", message: "losing node w1 leaves 5 CPU on 2 nodes for 6 CPU requested by 6 pods (web): 1 CPU short" }],
    },
    {
      name: "memory runs out before CPU",
      fleet: three,
      objects: [statefulSet("db").replicas(3).container(req("500m", "12Gi")).obj(), deployment("cache").replicas(3).container(req("100m", "8Gi")).obj()],
      findings: [{ messageId: "nodeShort", message: "leaves 32 GiB memory on 2 nodes for 60 GiB memory requested by 6 pods (db, cache): 28 GiB memory short" }],
    },
    {
      name: "the HPA's maxReplicas do not fit after a node loss",
      fleet: three,
      objects: [deployment("web").replicas(4).container(req("1", "1Gi")).obj(), hpa("web", { kind: "Deployment", name: "web" }, 4, 12)],
      findings: [{ messageId: "hpaShort", message: "after losing node w1, the HPAs cannot reach maxReplicas: 12 CPU requested by 12 pods (web) against 8 CPU on 2 nodes: 4 CPU short" }],
    },
    {
      name: "a pinned pool: the zone holding most of it is lost",
      fleet: fleetOf({ sites: dc, clusters: [cluster("prod", { cp, workers: ["w1@a", "w2@a", "w3@b"], cpu: "4", memory: "16Gi" })] }),
      objects: [deployment("web").replicas(4).container(req("1500m", "1Gi")).obj()],
      findings: [{ messageId: "zoneShort", path: "spec.clusters[0].nodePools", message: "losing zone a leaves 4 CPU on 1 node for 6 CPU requested by 4 pods (web): 2 CPU short" }],
    },
    {
      name: "two workers: one failure leaves every replica on one node (homelab)",
      fleet: two,
      objects: [
        deployment("web").replicas(3).container(req("150m", "192Mi")).obj(),
        hpa("web", { kind: "Deployment", name: "web" }, 3, 6),
        statefulSet("db").replicas(2).container(req("500m", "2Gi")).obj(),
      ],
      findings: [
        {
          messageId: "lastNode",
          path: "spec.clusters[0].nodePools[0].nodes[0]",
          message: "cluster home: web, db may only run on 2 nodes (w1, w2); losing w1 leaves every replica on w2, at 48% CPU, 41% memory (63% CPU, 47% memory at the HPAs' maxReplicas) of its allocatable by requests",
        },
      ],
    },
  ],
});
