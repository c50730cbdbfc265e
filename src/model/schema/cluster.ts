/** `spec.clusters[]`: control plane, nodes, storage, network, ingress, timing and workloads. @module */
import * as z from "zod";
import { cidr, duration, ipAddress, kubernetesVersion, labels, name, quantity, taint } from "./primitives.js";
import { workloadSource } from "./workloads.js";

export const capacity = z
  .strictObject({
    cpu: quantity().meta({ description: "Allocatable CPU per node (cores).", examples: ["8", "7500m"] }),
    memory: quantity().meta({ description: "Allocatable memory per node.", examples: ["32Gi"] }),
    pods: z.number().int().positive().default(110).meta({ description: "Maximum pods per node (kubelet `maxPods`).", examples: [110] }),
    ephemeralStorage: quantity().optional().meta({ description: "Allocatable ephemeral storage per node.", examples: ["100Gi"] }),
    extended: z.record(z.string(), quantity()).optional().meta({
      description: "Extended resources per node (e.g. GPUs).",
      examples: [{ "nvidia.com/gpu": 1 }],
    }),
  })
  .meta({ title: "Capacity" });

export const namedNode = z
  .strictObject({
    name: name().meta({ description: "Node name (becomes `kubernetes.io/hostname`).", examples: ["cp-1"] }),
    zone: name().meta({ description: "Zone the node is in; must be a zone of a site (or a site without zones).", examples: ["fra-a"] }),
    labels: labels().optional().meta({ description: "Extra labels for this node only.", examples: [{ "disktype": "nvme" }] }),
  })
  .meta({ title: "NamedNode" });

export const nodePool = z
  .strictObject({
    name: name().meta({ description: "Pool name; expanded nodes are named `<pool>-<n>` unless listed in `nodes`.", examples: ["workers"] }),
    count: z.number().int().min(0).optional().meta({
      description: "Number of nodes, spread round-robin over `zones` (in order). Use `nodes` instead to name each node.",
      examples: [6],
    }),
    zones: z.array(name()).optional().meta({ description: "Zones to spread the pool's nodes over.", examples: [["fra-a", "fra-b", "fra-c"]] }),
    nodes: z.array(namedNode).optional().meta({ description: "Explicit nodes (bare metal with real host names)." }),
    capacity: capacity.meta({ description: "Allocatable resources of each node." }),
    labels: labels().optional().meta({ description: "Labels on every node of the pool.", examples: [{ "node.kubernetes.io/pool": "general" }] }),
    taints: z.array(taint()).optional().meta({ description: "Taints on every node of the pool." }),
    role: z.enum(["worker", "storage", "edge", "infra"]).default("worker").meta({
      description: "What the pool is for; storage pools host storage backend replicas.",
      examples: ["worker"],
    }),
  })
  .refine((p) => (p.count !== undefined) !== (p.nodes !== undefined), {
    error: "a node pool needs exactly one of `count` (with `zones`) or `nodes`",
  })
  .meta({ title: "NodePool" });

export const etcdMember = z
  .strictObject({
    name: name().meta({ description: "Member name.", examples: ["etcd-1"] }),
    node: name().optional().meta({ description: "Control-plane node hosting the member (stacked etcd).", examples: ["cp-1"] }),
    zone: name().optional().meta({ description: "Zone of a dedicated etcd host (external etcd).", examples: ["fra-a"] }),
  })
  .refine((m) => (m.node !== undefined) !== (m.zone !== undefined), { error: "an etcd member needs exactly one of `node` or `zone`" })
  .meta({ title: "EtcdMember" });

export const controlPlane = z
  .strictObject({
    managed: z.boolean().default(false).meta({
      description: "A provider-managed control plane (EKS, GKE, AKS): nodes, etcd and endpoint are the provider's (regional, multi-zone).",
      examples: [false],
    }),
    nodes: z.array(namedNode).optional().meta({ description: "Control-plane nodes." }),
    schedulable: z.boolean().default(false).meta({
      description:
        "Whether workloads may run on control-plane nodes. kubeadm taints them `node-role.kubernetes.io/control-plane:NoSchedule` (false); k3s servers are schedulable (true).",
      examples: [false],
    }),
    capacity: capacity.optional().meta({ description: "Allocatable resources of each control-plane node (needed when schedulable)." }),
    etcd: z
      .strictObject({
        topology: z.enum(["stacked", "external", "managed", "embedded-sqlite"]).default("stacked").meta({
          description:
            "stacked: one member per control-plane node; external: dedicated hosts; managed: provider-run; embedded-sqlite: k3s single server without etcd.",
          examples: ["stacked"],
        }),
        members: z.array(etcdMember).optional().meta({
          description: "Members. Default for stacked: one per control-plane node. Required for external.",
        }),
      })
      .default({ topology: "stacked" })
      .meta({ title: "Etcd", description: "The cluster datastore." }),
    endpoint: z
      .strictObject({
        kind: z.enum(["kube-vip", "haproxy-keepalived", "cloud-lb", "dns", "single-node"]).meta({
          description:
            "How clients reach the API servers: a VIP (kube-vip, keepalived + HAProxy), a cloud load balancer, round-robin DNS, or one node's address.",
          examples: ["kube-vip"],
        }),
        instances: z.number().int().min(1).optional().meta({
          description: "How many instances can hold the endpoint (VIP candidates, LB replicas). Default: the control-plane node count.",
          examples: [3],
        }),
        address: z.string().optional().meta({ description: "The endpoint address.", examples: ["10.0.0.10:6443"] }),
      })
      .optional()
      .meta({ title: "ApiEndpoint", description: "The Kubernetes API endpoint." }),
  })
  .meta({ title: "ControlPlane" });

export const storageBackend = z
  .strictObject({
    name: name().meta({ description: "Backend name.", examples: ["ceph"] }),
    provider: z
      .enum(["rook-ceph", "longhorn", "openebs", "nfs", "nfs-drbd", "iscsi", "cloud-block", "cloud-file", "local", "portworx"])
      .meta({ description: "Storage system.", examples: ["rook-ceph"] }),
    replicas: z.number().int().min(1).default(1).meta({ description: "Copies of each volume's data.", examples: [3] }),
    replication: z.enum(["sync", "async", "none"]).default("none").meta({
      description: "How copies are kept: sync (RPO 0 while a copy survives), async (RPO = lag), none.",
      examples: ["sync"],
    }),
    replicationLag: duration().optional().meta({ description: "Typical lag of async replication.", examples: ["30s"] }),
    failureDomain: z.enum(["host", "zone", "site"]).default("host").meta({
      description: "Failure domain the copies are spread over (Ceph CRUSH failure domain, Longhorn replica anti-affinity).",
      examples: ["zone"],
    }),
    storageClasses: z.array(z.string()).min(1).meta({ description: "StorageClass names served by this backend.", examples: [["ceph-block"]] }),
    accessModes: z.array(z.enum(["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"])).default(["ReadWriteOnce"]).meta({
      description: "Access modes the backend supports.",
      examples: [["ReadWriteOnce", "ReadWriteMany"]],
    }),
    zonal: z.boolean().optional().meta({
      description: "Whether a volume lives in one zone (cloud block disks, local disks). Default: true for cloud-block and local.",
      examples: [true],
    }),
    volumeBindingMode: z.enum(["Immediate", "WaitForFirstConsumer"]).optional().meta({
      description: "Binding mode of the storage classes. Zonal storage in a multi-zone cluster needs WaitForFirstConsumer.",
      examples: ["WaitForFirstConsumer"],
    }),
    nodes: z.array(name()).optional().meta({ description: "Nodes holding the data (storage nodes); default: all workers.", examples: [["storage-1"]] }),
  })
  .meta({ title: "StorageBackend" });

export const network = z
  .strictObject({
    cni: z.string().optional().meta({ description: "CNI plugin.", examples: ["cilium", "calico", "flannel"] }),
    loadBalancer: z.enum(["metallb-l2", "metallb-bgp", "cloud", "kube-vip", "none"]).optional().meta({
      description: "What implements Services of type LoadBalancer.",
      examples: ["metallb-bgp"],
    }),
    podCIDR: cidr().optional().meta({ description: "Pod network.", examples: ["10.244.0.0/16"] }),
    serviceCIDR: cidr().optional().meta({ description: "Service network.", examples: ["10.96.0.0/12"] }),
    mesh: z.enum(["none", "cilium-clustermesh", "submariner", "istio", "linkerd"]).optional().meta({
      description: "Multi-cluster network this cluster joins; meshed clusters need non-overlapping pod and service CIDRs.",
      examples: ["cilium-clustermesh"],
    }),
  })
  .meta({ title: "Network" });

export const ingress = z
  .strictObject({
    controller: z.string().meta({ description: "Ingress controller.", examples: ["ingress-nginx"] }),
    replicas: z.number().int().min(0).meta({ description: "Controller replicas.", examples: [3] }),
    addresses: z.array(ipAddress()).optional().meta({ description: "External addresses of the ingress.", examples: [["203.0.113.10"]] }),
    externalTrafficPolicy: z.enum(["Local", "Cluster"]).optional().meta({
      description: "externalTrafficPolicy of the controller's LoadBalancer Service (the seeds advise Local).",
      examples: ["Local"],
    }),
  })
  .meta({ title: "Ingress" });

/** Timing overrides; the defaults depend on the Kubernetes version (see docs/fleet.md#timing). */
export const timing = z
  .strictObject({
    nodeMonitorGracePeriod: duration().optional().meta({
      description: "kube-controller-manager --node-monitor-grace-period. Default 40s up to 1.31, 50s from 1.32.",
      examples: ["40s"],
    }),
    nodeMonitorPeriod: duration().optional().meta({ description: "--node-monitor-period. Default 5s.", examples: ["5s"] }),
    notReadyTolerationSeconds: z.number().int().min(0).optional().meta({
      description: "kube-apiserver --default-not-ready-toleration-seconds. Default 300.",
      examples: [300],
    }),
    unreachableTolerationSeconds: z.number().int().min(0).optional().meta({
      description: "kube-apiserver --default-unreachable-toleration-seconds. Default 300.",
      examples: [300],
    }),
    nodeEvictionRate: z.number().positive().optional().meta({ description: "--node-eviction-rate (nodes/s per zone). Default 0.1.", examples: [0.1] }),
    secondaryNodeEvictionRate: z.number().min(0).optional().meta({
      description: "--secondary-node-eviction-rate for partially disrupted large zones. Default 0.01.",
      examples: [0.01],
    }),
    unhealthyZoneThreshold: z.number().min(0).max(1).optional().meta({ description: "--unhealthy-zone-threshold. Default 0.55.", examples: [0.55] }),
    largeClusterSizeThreshold: z.number().int().min(0).optional().meta({ description: "--large-cluster-size-threshold. Default 50.", examples: [50] }),
    kubeProxyMinSyncPeriod: duration().optional().meta({ description: "kube-proxy iptables minSyncPeriod. Default 1s.", examples: ["1s"] }),
    podStartup: duration().optional().meta({
      description: "Image pull + container start + readiness for a replacement pod when a workload does not say. Default 10s.",
      examples: ["20s"],
    }),
    volumeForceDetach: duration().optional().meta({
      description: "Attach/detach controller maxWaitForUnmountDuration before force-detaching a volume. Default 6m.",
      examples: ["6m"],
    }),
    volumeAttach: duration().optional().meta({ description: "Time to attach a volume to a new node. Default 30s.", examples: ["30s"] }),
    leaderElection: z
      .strictObject({
        leaseDuration: duration().optional().meta({ description: "Default 15s.", examples: ["15s"] }),
        renewDeadline: duration().optional().meta({ description: "Default 10s.", examples: ["10s"] }),
        retryPeriod: duration().optional().meta({ description: "Default 2s.", examples: ["2s"] }),
      })
      .optional()
      .meta({ description: "kube-controller-manager and kube-scheduler leader election." }),
    etcd: z
      .strictObject({
        heartbeatInterval: duration().optional().meta({ description: "Default 100ms.", examples: ["100ms"] }),
        electionTimeout: duration().optional().meta({ description: "Default 1000ms.", examples: ["1s"] }),
      })
      .optional()
      .meta({ description: "etcd Raft timing." }),
    apiEndpointFailover: duration().optional().meta({
      description: "Time for the API endpoint to move to a healthy instance. Default by kind: kube-vip 3s, haproxy-keepalived 3.6s, cloud-lb 10s, dns 30s.",
      examples: ["3s"],
    }),
    nodeRepair: duration().optional().meta({
      description: "How long a failed node or single-instance component takes to be repaired or replaced by people or automation. Default 30m.",
      examples: ["30m"],
    }),
  })
  .meta({ title: "Timing" });

export const cluster = z
  .strictObject({
    name: name().meta({ description: "Cluster name.", examples: ["prod-fra"] }),
    kubernetesVersion: kubernetesVersion().meta({ description: "Kubernetes minor version; selects default timings.", examples: ["1.31"] }),
    distribution: z.enum(["kubeadm", "k3s", "rke2", "microk8s", "kubeedge", "eks", "gke", "aks", "openshift", "talos", "other"]).default("kubeadm").meta({
      description: "Kubernetes distribution.",
      examples: ["kubeadm"],
    }),
    role: z.enum(["primary", "standby", "edge", "hub"]).optional().meta({
      description: "Role in a multi-cluster fleet (informative; placement decides what runs where).",
      examples: ["primary"],
    }),
    controlPlane: controlPlane,
    nodePools: z.array(nodePool).default([]).meta({ description: "Worker node pools." }),
    storage: z.array(storageBackend).optional().meta({ description: "Storage backends." }),
    network: network.optional(),
    ingress: ingress.optional(),
    timing: timing.optional().meta({ description: "Overrides of recovery timing defaults for this cluster." }),
    workloads: z.array(workloadSource).optional().meta({ description: "Manifests that run only in this cluster." }),
  })
  .meta({ title: "Cluster" });
