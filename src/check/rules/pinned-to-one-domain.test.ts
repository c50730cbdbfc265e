import { deployment, fleet } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./pinned-to-one-domain.js";

const zoneAffinity = (zones: string[]) => ({
  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "In", values: zones }] }] } } },
});

testRule(rule, {
  valid: [
    { name: "no pin", objects: [deployment("web").replicas(3).obj()], fleet: fleet() },
    { name: "two zones allowed", objects: [deployment("web").replicas(3).pod(zoneAffinity(["zone-a", "zone-b"])).obj()], fleet: fleet() },
    { name: "pool label shared by many nodes", objects: [deployment("web").replicas(3).pod({ nodeSelector: { "hactl.dev/pool": "workers" } }).obj()], fleet: fleet() },
    { name: "plain manifests, pool label", objects: [deployment("web").replicas(3).pod({ nodeSelector: { disktype: "ssd" } }).obj()] },
  ],
  invalid: [
    { name: "plain manifests, hostname nodeSelector", objects: [deployment("web").replicas(3).pod({ nodeSelector: { "kubernetes.io/hostname": "node-7" } }).obj()], findings: [{ messageId: "node", path: 'spec.template.spec.nodeSelector["kubernetes.io/hostname"]', message: "can only run on node node-7" }] },
    { name: "plain manifests, one zone by affinity", objects: [deployment("web").replicas(3).pod(zoneAffinity(["eu-1a"])).obj()], findings: [{ messageId: "zone", message: "can only run in zone eu-1a" }] },
    { name: "fleet, one zone", objects: [deployment("web").replicas(3).pod(zoneAffinity(["zone-b"])).obj()], fleet: fleet(), findings: [{ messageId: "zone", message: "can only run in zone zone-b (its 2 eligible nodes are all there), while the cluster spans 3 zones" }] },
    { name: "fleet, one node", objects: [deployment("web").replicas(2).pod({ nodeSelector: { "kubernetes.io/hostname": "workers-1" } }).obj()], fleet: fleet(), findings: [{ messageId: "node", message: "workers-1 (1 of 9 nodes" }] },
    { name: "fleet, no node matches", objects: [deployment("web").replicas(2).pod({ nodeSelector: { gpu: "true" } }).obj()], fleet: fleet(), findings: [{ messageId: "none", message: "matches no node of cluster prod" }] },
  ],
});
