/**
 * `spec.scenarios`: failure drills the fleet declares for `hactl drill` — named lists of steps, each
 * failing (or recovering) one thing at a given time. `hactl drill --sweep` runs them after every single
 * failure domain. See docs/drill.md.
 * @module
 */
import * as z from "zod";
import { duration, name } from "./primitives.js";

export const failureTarget = z
  .strictObject({
    node: name().optional().meta({ description: "A node crashes (power or kernel failure): its pods stop at once and the kubelet stops renewing its lease.", examples: ["w-3"] }),
    shutdown: name().optional().meta({
      description: "A node shuts down gracefully (kubelet GracefulNodeShutdown): pods are terminated and marked failed, so controllers replace them at once.",
      examples: ["w-3"],
    }),
    drain: name().optional().meta({ description: "A node is drained (`kubectl drain`): cordoned, then every pod is evicted through the Eviction API, honouring PodDisruptionBudgets.", examples: ["w-3"] }),
    zone: name().optional().meta({ description: "Every node, etcd member and API endpoint instance in a zone fails.", examples: ["fra-a"] }),
    site: name().optional().meta({ description: "Everything in a site fails (every zone of it), including backups stored there.", examples: ["fra"] }),
    cluster: name().optional().meta({ description: "A whole cluster is lost: nodes, control plane and its storage.", examples: ["prod-fra"] }),
    etcdMember: name().optional().meta({ description: "One etcd member fails (name from controlPlane.etcd.members, or the control-plane node of a stacked member).", examples: ["etcd-1"] }),
    endpoint: name().optional().meta({
      description: "The API endpoint of this cluster loses instances (the VIP holder, a load balancer replica): clients reach the API again once the endpoint fails over.",
      examples: ["prod-fra"],
    }),
    storageNode: name().optional().meta({ description: "A node holding storage backend data fails (e.g. a Ceph OSD host or the NFS server).", examples: ["storage-1"] }),
    gslbTarget: z.string().regex(/^[^/]+\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { error: "expected hostname/cluster, e.g. shop.example.com/prod-fra" }).optional().meta({
      description: "One traffic target (`hostname/cluster`) stops answering its health checks, e.g. its ingress load balancer fails.",
      examples: ["shop.example.com/prod-fra"],
    }),
    partition: z.array(z.array(z.string()).min(1)).min(1).optional().meta({
      description:
        "A network partition: each inner list is one side (sites, zones or node names; `control-plane` names the cluster's control plane). Everything not listed forms one more side.",
      examples: [[["fra1"], ["fra2", "fra3"]]],
    }),
    latency: z
      .strictObject({
        between: z.tuple([name(), name()], { error: "expected two site or zone names, e.g. [fra1, fra2]" }).meta({ description: "Two sites or zones.", examples: [["fra1", "fra2"]] }),
        rtt: duration().meta({ description: "Round-trip time during the spike.", examples: ["80ms"] }),
      })
      .optional()
      .meta({ title: "LatencySpike", description: "The RTT between two sites or zones rises (a latency spike).", examples: [{ between: ["fra1", "fra2"], rtt: "80ms" }] }),
    inCluster: name().optional().meta({ description: "Cluster of the node, etcd member or storage node when the name exists in several clusters.", examples: ["prod-fra"] }),
    instances: z.number().int().min(1).optional().meta({ description: "endpoint: how many endpoint instances fail (default 1, the active one).", examples: [1] }),
    gracePeriod: duration().optional().meta({ description: "shutdown: the kubelet's shutdownGracePeriod (default 30s).", examples: ["30s"] }),
  })
  .meta({ title: "FailureTarget", description: "What fails: exactly one of node, shutdown, drain, zone, site, cluster, etcdMember, endpoint, storageNode, gslbTarget, partition, latency." });

export const scenarioStep = z
  .strictObject({
    at: duration().default("0s").meta({ description: "When this step happens, from the start of the drill.", examples: ["2m"] }),
    fail: failureTarget.optional().meta({ description: "Something fails." }),
    recover: failureTarget.optional().meta({ description: "A failure ends: the node, zone, site, member, endpoint or link is back (same fields as `fail`)." }),
    outOfService: name().optional().meta({
      description:
        "An operator applies the node.kubernetes.io/out-of-service taint to this failed node (non-graceful node shutdown): its pods are force-deleted and its volumes detached at once.",
      examples: ["w-3"],
    }),
  })
  .meta({ title: "ScenarioStep", description: "One step: exactly one of fail, recover or outOfService." });

export const scenario = z
  .strictObject({
    name: name().meta({ description: "Scenario name (`hactl drill --scenario NAME`).", examples: ["zone-a-then-cp-1"] }),
    description: z.string().optional().meta({ description: "What the drill rehearses.", examples: ["Zone a is lost, then the etcd leader's node two minutes later."] }),
    steps: z.array(scenarioStep).min(1, { error: "a scenario needs at least one step" }).meta({ description: "Steps, in any order (they run by `at`)." }),
  })
  .meta({ title: "Scenario" });
