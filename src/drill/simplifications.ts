/** Where the drill is simpler than the real thing; printed with every result. @module */

export const DRILL_SIMPLIFICATIONS: readonly string[] = [
  "Worst-case timings by default: a failed node's lease was renewed right after a node-monitor pass, Raft elections and engine failovers take the upper bound of their window; --bounds sampled draws them from the seed.",
  "The etcd leader, the kube-controller-manager and kube-scheduler leaders and the API VIP sit on the first control-plane node (the worst one to lose); a managed control plane keeps them in its first zone.",
  "A pod becomes Ready after timing.podStartup plus its startup probe (initialDelaySeconds + periodSeconds) and readiness probe (initialDelaySeconds + periodSeconds × successThreshold), or the hactl.dev/startup annotation; the first probe after the delay is assumed to just miss.",
  "Requests to endpoints of a dead pod fail until kube-proxy drops them (degraded, not unavailable); clients of a host name stay on their cached target until TTL + resolver cache expire (unavailable for them).",
  "Failed nodes, zones, sites and clusters stay failed unless a step recovers them: data only on failed hardware counts as lost, and restores from backups are started by people after the manual decision time.",
  "During a partition clients reach the side with the most live nodes (on a tie, the side that keeps etcd quorum); kubelets on the side that keeps etcd quorum renew their leases, the others go NotReady.",
  "Storage copies are spread over distinct failure domains of the backend's nodes, and a replicated volume stays usable while one copy lives (Ceph min_size is not modelled); a single-copy volume lives on its pod's node when that is a storage node.",
  "Data service members map onto the StatefulSet's pods: the primary on ordinal 0 (or the first pod in its zone), replicas on the next ordinals; an engine's failover needs a live replica and, for quorum engines, a live majority.",
  "The DNS clients of a round-robin, weighted or geo host name form one group per target (share by weight); a failover host name has one group.",
  "Node pools keep their size: cluster-autoscaler scale-ups (scan interval, node provisioning, retries against a dead zone's node group) are not modelled, so capacity lost with nodes comes back only with them.",
  "Only Patroni (postgres, and the Patroni-based operators) depends on its cluster's API for its leader key: other HA managers (CloudNativePG's instance manager, the other engines' operators) keep their leader while etcd has no quorum.",
];
