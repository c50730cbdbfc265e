import { statefulSet } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./quorum-even-members.js";

testRule(rule, {
  valid: [
    { name: "5 Consul servers", objects: [statefulSet("consul").replicas(5).image("hashicorp/consul:1.19").obj()] },
    { name: "2 members is the other rule's finding", objects: [statefulSet("consul").replicas(2).image("hashicorp/consul:1.19").obj()] },
    { name: "4 replicas of something else", objects: [statefulSet("web").replicas(4).obj()] },
    {
      name: "4 sentinels plus a witness of the same instance: 5 members",
      objects: [
        statefulSet("redis").replicas(4).image("redis-sentinel:7.4").templateLabels({ app: "redis", "app.kubernetes.io/instance": "cache" }).obj(),
        statefulSet("redis-witness").replicas(1).image("redis-sentinel:7.4").templateLabels({ app: "redis-witness", "app.kubernetes.io/instance": "cache" }).obj(),
      ],
    },
  ],
  invalid: [
    { name: "4 MongoDB members", objects: [statefulSet("mongo").replicas(4).image("mongo:7.0").obj()], findings: [{ messageId: "even", path: "spec.replicas", message: "MongoDB with 4 members: a majority needs 3, so it tolerates 1 failure(s), no more than 3 members", fixable: true }] },
    {
      name: "two groups of 2 in one instance make 4",
      objects: [
        statefulSet("zk-a").replicas(2).image("zookeeper:3.9").templateLabels({ app: "zk-a", "app.kubernetes.io/instance": "zk" }).obj(),
        statefulSet("zk-b").replicas(2).image("zookeeper:3.9").templateLabels({ app: "zk-b", "app.kubernetes.io/instance": "zk" }).obj(),
      ],
      findings: [{ message: "StatefulSets default/zk-a (2) + zk-b (2) run ZooKeeper with 4 members".replace(" run ", " runs ") }],
    },
    { name: "6 Galera nodes", objects: [statefulSet("galera").replicas(6).image("bitnami/mariadb-galera:11.4").obj()], findings: [{ message: "Galera with 6 members" }] },
  ],
});
