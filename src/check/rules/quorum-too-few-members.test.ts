import { deployment, statefulSet } from "../../../test/check/builders.js";
import { testRule } from "../../../test/check/rule-tester.js";
import rule from "./quorum-too-few-members.js";

testRule(rule, {
  valid: [
    { name: "etcd with 3 members", objects: [statefulSet("etcd").replicas(3).image("quay.io/coreos/etcd:v3.5.15").obj()] },
    {
      name: "a one-member witness grouped with two more members by instance label",
      objects: [
        statefulSet("etcd").replicas(2).image("quay.io/coreos/etcd:v3.5.15").templateLabels({ app: "etcd", "app.kubernetes.io/instance": "main" }).obj(),
        statefulSet("etcd-witness").replicas(1).image("quay.io/coreos/etcd:v3.5.15").templateLabels({ app: "etcd-witness", "app.kubernetes.io/instance": "main" }).obj(),
      ],
    },
    { name: "a web app is not a quorum system", objects: [statefulSet("web").replicas(1).obj()] },
    { name: "Deployments are not members", objects: [deployment("zk").replicas(1).image("zookeeper:3.9").obj()] },
    { name: "exporters are not members", objects: [statefulSet("mongo-exporter").replicas(1).image("percona/mongodb_exporter:0.40").obj()] },
    {
      name: "Kafka brokers without the controller role",
      objects: [statefulSet("kafka").replicas(2).image("bitnami/kafka:3.7").container({ env: [{ name: "KAFKA_CFG_PROCESS_ROLES", value: "broker" }] }).obj()],
    },
  ],
  invalid: [
    { name: "two ZooKeeper members", objects: [statefulSet("zk").replicas(2).image("zookeeper:3.9.2").obj()], findings: [{ messageId: "tooFew", path: "spec.replicas", message: "runs ZooKeeper with 2 members: a majority needs 2, so losing either member stops", fixable: true }] },
    { name: "single etcd (replicas omitted)", objects: [statefulSet("etcd").replicas(undefined).image("registry.k8s.io/etcd:3.5.15-0").obj()], findings: [{ path: "spec", message: "the member is a single point of failure" }] },
    {
      name: "KRaft controllers",
      objects: [statefulSet("kafka-controller").replicas(2).image("bitnami/kafka:3.7").container({ env: [{ name: "KAFKA_CFG_PROCESS_ROLES", value: "controller,broker" }] }).obj()],
      findings: [{ message: "Kafka (KRaft controllers) with 2 members" }],
    },
    { name: "Redis Sentinel by command", objects: [statefulSet("sentinel").replicas(2).image("redis:7.2").container({ command: ["redis-server", "/etc/sentinel.conf", "--sentinel"] }).obj()], findings: [{ message: "Redis Sentinel" }] },
  ],
});
