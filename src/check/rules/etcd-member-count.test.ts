import { testRule } from "../../../test/check/rule-tester.js";
import { cluster, fleetOf, site } from "../../../test/check/fleet-drafts.js";
import rule from "./etcd-member-count.js";

const dc = [site("dc", ["a", "b", "c"])];
const cps = (n: number) => Array.from({ length: n }, (_, i) => `cp-${i + 1}@${"abc"[i % 3]}`);

testRule(rule, {
  valid: [
    { name: "3 members", objects: [], fleet: fleetOf({ sites: dc, clusters: [cluster("prod", { cp: cps(3) })] }) },
    { name: "5 members", objects: [], fleet: fleetOf({ sites: dc, clusters: [cluster("prod", { cp: cps(5) })] }) },
    { name: "7 members", objects: [], fleet: fleetOf({ sites: dc, clusters: [cluster("prod", { cp: cps(7) })] }) },
    { name: "2 members are etcd-too-few-members' finding", objects: [], fleet: fleetOf({ sites: dc, clusters: [cluster("prod", { cp: cps(2) })] }) },
  ],
  invalid: [
    {
      name: "4 stacked members",
      objects: [],
      fleet: fleetOf({ sites: dc, clusters: [cluster("prod", { cp: cps(4) })] }),
      findings: [{ messageId: "even", object: "Cluster/prod", path: "spec.clusters[0].controlPlane.nodes", message: "runs 4 etcd members: a majority needs 3, so it tolerates 1 failure(s) — no more than 3 members" }],
    },
    {
      name: "6 external members",
      objects: [],
      fleet: fleetOf({
        sites: dc,
        clusters: [cluster("prod", { cp: cps(3), etcd: { topology: "external", members: Array.from({ length: 6 }, (_, i) => ({ name: `e${i}`, zone: "abc"[i % 3] })) } })],
      }),
      findings: [{ messageId: "even", path: "spec.clusters[0].controlPlane.etcd.members", message: "6 etcd members: a majority needs 4, so it tolerates 2" }],
    },
    {
      name: "9 members",
      objects: [],
      fleet: fleetOf({ sites: dc, clusters: [cluster("prod", { cp: cps(9) })] }),
      findings: [{ messageId: "tooMany", message: "runs 9 etcd members: more than the 7 etcd recommends; every write waits for 5 acknowledgements" }],
    },
  ],
});
