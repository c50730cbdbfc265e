/**
 * Recovery timing defaults of Kubernetes and the components around it, by Kubernetes minor version.
 * Every value names its source; fleets and clusters may override each one (spec.timing).
 * Facts: ../shared/knowledge/failure-timings.md.
 * @module
 */

export interface Timing {
  /** kube-controller-manager --node-monitor-grace-period. */
  nodeMonitorGracePeriodMs: number;
  /** kube-controller-manager --node-monitor-period. */
  nodeMonitorPeriodMs: number;
  /** kube-apiserver --default-not-ready-toleration-seconds. */
  notReadyTolerationSeconds: number;
  /** kube-apiserver --default-unreachable-toleration-seconds. */
  unreachableTolerationSeconds: number;
  /** --node-eviction-rate, nodes per second per zone. */
  nodeEvictionRate: number;
  /** --secondary-node-eviction-rate. */
  secondaryNodeEvictionRate: number;
  /** --unhealthy-zone-threshold. */
  unhealthyZoneThreshold: number;
  /** --large-cluster-size-threshold. */
  largeClusterSizeThreshold: number;
  /** kube-proxy iptables minSyncPeriod. */
  kubeProxyMinSyncPeriodMs: number;
  /** Image pull + start + readiness of a replacement pod (when a workload does not say). */
  podStartupMs: number;
  /** Attach/detach controller maxWaitForUnmountDuration. */
  volumeForceDetachMs: number;
  /** Attaching a volume to a new node. */
  volumeAttachMs: number;
  leaderElection: { leaseDurationMs: number; renewDeadlineMs: number; retryPeriodMs: number };
  etcd: { heartbeatIntervalMs: number; electionTimeoutMs: number };
  /** API endpoint failover; undefined means "by endpoint kind" (see apiEndpointFailoverDefaultMs). */
  apiEndpointFailoverMs?: number;
  /** Repair or replacement of a failed node or single-instance component by people or automation. */
  nodeRepairMs: number;
}

/** Where a timing value came from, for explanations ("50s, the default for 1.32"). */
export type TimingOrigin = "default" | "fleet" | "cluster";

export interface TimingSource {
  value: string;
  source: string;
}

/** The node-monitor grace period changed from 40 s to 50 s in v1.32 (kubernetes/kubernetes PR #126287). */
export function defaultNodeMonitorGracePeriodMs(minor: number): number {
  return minor >= 32 ? 50_000 : 40_000;
}

/** Defaults for a Kubernetes 1.<minor> cluster. */
export function kubernetesTimingDefaults(minor: number): Timing {
  return {
    nodeMonitorGracePeriodMs: defaultNodeMonitorGracePeriodMs(minor),
    nodeMonitorPeriodMs: 5_000,
    notReadyTolerationSeconds: 300,
    unreachableTolerationSeconds: 300,
    nodeEvictionRate: 0.1,
    secondaryNodeEvictionRate: 0.01,
    unhealthyZoneThreshold: 0.55,
    largeClusterSizeThreshold: 50,
    kubeProxyMinSyncPeriodMs: 1_000,
    podStartupMs: 10_000,
    volumeForceDetachMs: 360_000,
    volumeAttachMs: 30_000,
    leaderElection: { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 },
    etcd: { heartbeatIntervalMs: 100, electionTimeoutMs: 1_000 },
    nodeRepairMs: 30 * 60_000,
  };
}

/** Sources for the defaults above, shown by `hactl explain` and in drill timelines. */
export const TIMING_SOURCES: Record<string, string> = {
  nodeMonitorGracePeriodMs: "kube-controller-manager --node-monitor-grace-period: 40s up to v1.31, 50s from v1.32 (kubernetes/kubernetes#126287)",
  nodeMonitorPeriodMs: "kube-controller-manager --node-monitor-period default 5s",
  notReadyTolerationSeconds: "kube-apiserver --default-not-ready-toleration-seconds default 300 (DefaultTolerationSeconds admission plugin)",
  unreachableTolerationSeconds: "kube-apiserver --default-unreachable-toleration-seconds default 300 (DefaultTolerationSeconds admission plugin)",
  nodeEvictionRate: "kube-controller-manager --node-eviction-rate default 0.1 nodes/s per zone",
  secondaryNodeEvictionRate: "kube-controller-manager --secondary-node-eviction-rate default 0.01",
  unhealthyZoneThreshold: "kube-controller-manager --unhealthy-zone-threshold default 0.55",
  largeClusterSizeThreshold: "kube-controller-manager --large-cluster-size-threshold default 50",
  kubeProxyMinSyncPeriodMs: "kube-proxy iptables minSyncPeriod default 1s",
  podStartupMs: "hactl assumption: image pull + start + readiness of 10s when the workload does not say",
  volumeForceDetachMs: "attach/detach controller maxWaitForUnmountDuration 6m",
  volumeAttachMs: "hactl assumption: 30s CSI attach on a new node",
  leaderElection: "kube-controller-manager/kube-scheduler --leader-elect-lease-duration 15s, renew-deadline 10s, retry-period 2s",
  etcd: "etcd --heartbeat-interval 100ms, --election-timeout 1000ms",
  nodeRepairMs: "hactl assumption: 30m to repair or replace a failed node or single-instance component",
};

/** API endpoint failover by kind, from each component's defaults. */
export function apiEndpointFailoverDefaultMs(kind: string): number {
  switch (kind) {
    case "kube-vip":
      return 3_000; // lease 5s / renew 3s / retry 1s: ≈3s observed
    case "haproxy-keepalived":
      return 3_600; // VRRP 3 × advert_int (1s) + skew
    case "cloud-lb":
      return 10_000; // typical LB health check: 2 × 5s
    case "dns":
      return 30_000; // client DNS caching of the endpoint record
    default:
      return Infinity; // single-node: down until repaired
  }
}

/** Leader takeover for kube-controller-manager / kube-scheduler: lease + retry (≈ 17 s with defaults). */
export function leaderTakeoverMs(t: Timing): number {
  return t.leaderElection.leaseDurationMs + t.leaderElection.retryPeriodMs;
}

/** etcd leader re-election: Raft randomises the election timeout in [T, 2T). Returns [min, max]. */
export function etcdElectionWindowMs(t: Timing): [number, number] {
  return [t.etcd.electionTimeoutMs, 2 * t.etcd.electionTimeoutMs];
}
