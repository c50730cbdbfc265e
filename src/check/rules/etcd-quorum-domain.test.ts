import { testRule } from "../../../test/check/rule-tester.js";
import { cluster, fleetOf, site } from "../../../test/check/fleet-drafts.js";
import rule from "./etcd-quorum-domain.js";

const metro = [site("fra1"), site("fra2"), site("fra3")];
const links: [string, string, string][] = [["fra1", "fra2", "2ms"], ["fra1", "fra3", "3ms"], ["fra2", "fra3", "3ms"]];

testRule(rule, {
  valid: [
    { name: "one member per zone", objects: [], fleet: fleetOf({ sites: [site("dc", ["a", "b", "c"])], clusters: [cluster("prod", { cp: ["cp-1@a", "cp-2@b", "cp-3@c"] })] }) },
    { name: "2+2 plus a witness", objects: [], fleet: fleetOf({ sites: metro, links, clusters: [cluster("metro", { cp: ["a1@fra1", "a2@fra1", "b1@fra2", "b2@fra2", "w@fra3"] })] }) },
    { name: "all members in one zone (another rule's business)", objects: [], fleet: fleetOf({ sites: [site("dc")], clusters: [cluster("prod", { cp: ["cp-1@dc", "cp-2@dc", "cp-3@dc"] })] }) },
    { name: "5 members 2-2-1 over zones", objects: [], fleet: fleetOf({ sites: [site("dc", ["a", "b", "c"])], clusters: [cluster("prod", { cp: ["1@a", "2@a", "3@b", "4@b", "5@c"] })] }) },
  ],
  invalid: [
    {
      name: "2+2 over two sites without a witness",
      objects: [],
      fleet: fleetOf({ sites: metro, links, clusters: [cluster("metro", { cp: ["a1@fra1", "a2@fra1", "b1@fra2", "b2@fra2"] })] }),
      findings: [
        {
          messageId: "domain",
          object: "Cluster/metro",
          path: "spec.clusters[0].controlPlane.nodes",
          message: "cluster metro spreads 4 etcd members over 2 sites as 2 in fra1, 2 in fra2: losing fra1 or fra2 leaves fewer than 3 (the quorum)",
        },
      ],
    },
    {
      name: "2+1 over two zones of one site",
      objects: [],
      fleet: fleetOf({ sites: [site("dc", ["a", "b", "c"])], clusters: [cluster("prod", { cp: ["cp-1@a", "cp-2@a", "cp-3@b"] })] }),
      findings: [{ message: "3 etcd members over 2 zones as 2 in a, 1 in b: losing a leaves fewer than 2" }],
    },
    {
      name: "external members 3+2 over two sites",
      objects: [],
      fleet: fleetOf({
        sites: metro,
        links,
        clusters: [
          cluster("metro", {
            cp: ["a1@fra1", "b1@fra2"],
            etcd: { topology: "external", members: ["fra1", "fra1", "fra1", "fra2", "fra2"].map((zone, i) => ({ name: `e${i}`, zone })) },
          }),
        ],
      }),
      findings: [{ path: "spec.clusters[0].controlPlane.etcd.members", message: "3 in fra1, 2 in fra2: losing fra1 leaves fewer than 3" }],
    },
  ],
});
