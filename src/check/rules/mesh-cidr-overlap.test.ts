import { testRule } from "../../../test/check/rule-tester.js";
import { twoSites } from "../../../test/check/fleet-drafts.js";
import rule from "./mesh-cidr-overlap.js";

const net = (mesh: string | undefined, podCIDR: string, serviceCIDR: string) => ({ network: { ...(mesh ? { mesh } : {}), podCIDR, serviceCIDR } });

testRule(rule, {
  valid: [
    { name: "distinct ranges", fleet: twoSites({ prod: net("cilium-clustermesh", "10.1.0.0/16", "10.101.0.0/16"), dr: net("cilium-clustermesh", "10.2.0.0/16", "10.102.0.0/16") }), objects: [] },
    { name: "same ranges but not meshed", fleet: twoSites({ prod: net(undefined, "10.42.0.0/16", "10.43.0.0/16"), dr: net(undefined, "10.42.0.0/16", "10.43.0.0/16") }), objects: [] },
    { name: "Cilium tolerates overlapping service CIDRs", fleet: twoSites({ prod: net("cilium-clustermesh", "10.1.0.0/16", "10.96.0.0/12"), dr: net("cilium-clustermesh", "10.2.0.0/16", "10.96.0.0/12") }), objects: [] },
    { name: "Istio multi-network tunnels through gateways", fleet: twoSites({ prod: net("istio", "10.42.0.0/16", "10.43.0.0/16"), dr: net("istio", "10.42.0.0/16", "10.43.0.0/16") }), objects: [] },
    { name: "different meshes", fleet: twoSites({ prod: net("submariner", "10.42.0.0/16", "10.43.0.0/16"), dr: net("cilium-clustermesh", "10.42.0.0/16", "10.44.0.0/16") }), objects: [] },
  ],
  invalid: [
    {
      name: "Cilium Cluster Mesh with the same pod CIDR",
      fleet: twoSites({ prod: net("cilium-clustermesh", "10.244.0.0/16", "10.96.0.0/16"), dr: net("cilium-clustermesh", "10.244.0.0/16", "10.97.0.0/16") }),
      objects: [],
      findings: [{ messageId: "overlap", object: "Cluster/dr", path: "spec.clusters[1].network.podCIDR", message: "clusters prod and dr are meshed with cilium-clustermesh, but their pod CIDRs overlap (10.244.0.0/16 and 10.244.0.0/16)" }],
    },
    {
      name: "a pod range inside the other cluster's service range",
      fleet: twoSites({ prod: net("cilium-clustermesh", "10.244.0.0/16", "10.96.0.0/12"), dr: net("cilium-clustermesh", "10.100.0.0/16", "10.200.0.0/16") }),
      objects: [],
      findings: [{ message: "the pod CIDR of dr and the service CIDR of prod overlap (10.96.0.0/12 and 10.100.0.0/16)" }],
    },
    {
      name: "Submariner without Globalnet: service CIDRs too",
      fleet: twoSites({ prod: net("submariner", "10.1.0.0/16", "10.96.0.0/16"), dr: net("submariner", "10.2.0.0/16", "10.96.128.0/17") }),
      objects: [],
      findings: [{ path: "spec.clusters[1].network.serviceCIDR", message: "their service CIDRs overlap" }],
    },
  ],
});
