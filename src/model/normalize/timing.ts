/** Timing: Kubernetes-version defaults, then fleet overrides, then cluster overrides. @module */
import { kubernetesTimingDefaults, type Timing, type TimingOrigin } from "../../catalog/kubernetes-timing.js";
import type { TimingSpec } from "../schema/fleet.js";
import { parseDuration } from "../units.js";

export function resolveTiming(minor: number, fleet: TimingSpec | undefined, cluster: TimingSpec | undefined): { timing: Timing; origin: Record<string, TimingOrigin> } {
  const timing = kubernetesTimingDefaults(minor);
  const origin: Record<string, TimingOrigin> = {};
  apply(timing, origin, fleet, "fleet");
  apply(timing, origin, cluster, "cluster");
  return { timing, origin };
}

function apply(t: Timing, origin: Record<string, TimingOrigin>, spec: TimingSpec | undefined, from: TimingOrigin): void {
  if (!spec) return;
  const ms = (v: string | undefined) => (v === undefined ? undefined : parseDuration(v));
  const set = <K extends keyof Timing>(key: K, value: Timing[K] | undefined) => {
    if (value === undefined) return;
    t[key] = value;
    origin[key] = from;
  };
  set("nodeMonitorGracePeriodMs", ms(spec.nodeMonitorGracePeriod));
  set("nodeMonitorPeriodMs", ms(spec.nodeMonitorPeriod));
  set("notReadyTolerationSeconds", spec.notReadyTolerationSeconds);
  set("unreachableTolerationSeconds", spec.unreachableTolerationSeconds);
  set("nodeEvictionRate", spec.nodeEvictionRate);
  set("secondaryNodeEvictionRate", spec.secondaryNodeEvictionRate);
  set("unhealthyZoneThreshold", spec.unhealthyZoneThreshold);
  set("largeClusterSizeThreshold", spec.largeClusterSizeThreshold);
  set("kubeProxyMinSyncPeriodMs", ms(spec.kubeProxyMinSyncPeriod));
  set("podStartupMs", ms(spec.podStartup));
  set("volumeForceDetachMs", ms(spec.volumeForceDetach));
  set("volumeAttachMs", ms(spec.volumeAttach));
  set("apiEndpointFailoverMs", ms(spec.apiEndpointFailover));
  set("nodeRepairMs", ms(spec.nodeRepair));
  if (spec.leaderElection) {
    const le = { ...t.leaderElection };
    le.leaseDurationMs = ms(spec.leaderElection.leaseDuration) ?? le.leaseDurationMs;
    le.renewDeadlineMs = ms(spec.leaderElection.renewDeadline) ?? le.renewDeadlineMs;
    le.retryPeriodMs = ms(spec.leaderElection.retryPeriod) ?? le.retryPeriodMs;
    set("leaderElection", le);
  }
  if (spec.etcd) {
    const e = { ...t.etcd };
    e.heartbeatIntervalMs = ms(spec.etcd.heartbeatInterval) ?? e.heartbeatIntervalMs;
    e.electionTimeoutMs = ms(spec.etcd.electionTimeout) ?? e.electionTimeoutMs;
    set("etcd", e);
  }
}
