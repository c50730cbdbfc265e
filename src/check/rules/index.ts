/**
 * The rule registry: every rule hactl ships, one import per rule file. Adding a rule = one file in
 * this folder (+ its test and docs/rules/<id>.md) and one line here (see docs/check-engine.md).
 * @module
 */
import type { Rule } from "../types.js";
import selectorTemplateMismatch from "./selector-template-mismatch.js";
import serviceSelectsNothing from "./service-selects-nothing.js";
import statefulsetServiceMissing from "./statefulset-service-missing.js";
import priorityClassMissing from "./priority-class-missing.js";
import pvcRwoMultiReplica from "./pvc-rwo-multi-replica.js";
import localStorageState from "./local-storage-state.js";
import zonalStorageImmediateBinding from "./zonal-storage-immediate-binding.js";
import quorumTooFewMembers from "./quorum-too-few-members.js";
import quorumEvenMembers from "./quorum-even-members.js";
import quorumPdbAllowsLoss from "./quorum-pdb-allows-loss.js";
import antiAffinityMissing from "./anti-affinity-missing.js";
import zoneSpreadMissing from "./zone-spread-missing.js";
import spreadSelectorMismatch from "./spread-selector-mismatch.js";
import spreadMinDomains from "./spread-min-domains.js";
import spreadZoneStrands from "./spread-zone-strands.js";
import antiAffinityUnsatisfiable from "./anti-affinity-unsatisfiable.js";
import pinnedToOneDomain from "./pinned-to-one-domain.js";
import hpaMinReplicas from "./hpa-min-replicas.js";
import hpaNoHeadroom from "./hpa-no-headroom.js";
import readinessProbeMissing from "./readiness-probe-missing.js";
import livenessProbeMissing from "./liveness-probe-missing.js";
import probesIdentical from "./probes-identical.js";
import probePortUnknown from "./probe-port-unknown.js";
import probePortNotExposed from "./probe-port-not-exposed.js";
import rolloutRecreate from "./rollout-recreate.js";
import rolloutMaxUnavailable from "./rollout-max-unavailable.js";
import barePod from "./bare-pod.js";
import resourceRequestsMissing from "./resource-requests-missing.js";
import imageTagMutable from "./image-tag-mutable.js";
import gracefulShutdown from "./graceful-shutdown.js";
import startupProbeMissing from "./startup-probe-missing.js";
import pdbMissing from "./pdb-missing.js";
import pdbBlocksDrain from "./pdb-blocks-drain.js";
import pdbSelectsNothing from "./pdb-selects-nothing.js";
import pdbOverlap from "./pdb-overlap.js";
import pdbZoneLoss from "./pdb-zone-loss.js";
import pdbUnhealthyEviction from "./pdb-unhealthy-eviction.js";
import pdbSpansWorkloads from "./pdb-spans-workloads.js";
import workloadReplicas from "./workload-replicas.js";
import etcdTooFewMembers from "./etcd-too-few-members.js";
import etcdMemberCount from "./etcd-member-count.js";
import etcdQuorumDomain from "./etcd-quorum-domain.js";
import etcdLatency from "./etcd-latency.js";
import etcdLatencyUnknown from "./etcd-latency-unknown.js";
import apiEndpointSpof from "./api-endpoint-spof.js";
import controlPlaneSingleZone from "./control-plane-single-zone.js";
import capacityNMinus1 from "./capacity-n-minus-1.js";
import ingressReplicas from "./ingress-replicas.js";
import corednsReplicas from "./coredns-replicas.js";
import corednsDefaultSingleReplica from "./coredns-default-single-replica.js";
import lbExternalTrafficPolicy from "./lb-external-traffic-policy.js";
import storageReplicas from "./storage-replicas.js";
import storageNfsSpof from "./storage-nfs-spof.js";
import storageAsyncRpoZero from "./storage-async-rpo-zero.js";
import backupMissing from "./backup-missing.js";
import backupSameSite from "./backup-same-site.js";
import backupIntervalRpo from "./backup-interval-rpo.js";
import backupRestoreUntested from "./backup-restore-untested.js";
import dataAsyncRpoZero from "./data-async-rpo-zero.js";
import dataSyncReplicationLatency from "./data-sync-replication-latency.js";
import dataLeaderKeyInApi from "./data-leader-key-in-api.js";
import gslbFailoverRto from "./gslb-failover-rto.js";
import gslbSingleTarget from "./gslb-single-target.js";
import geoSingleSite from "./geo-single-site.js";
import stretchedClusterLatency from "./stretched-cluster-latency.js";
import meshCidrOverlap from "./mesh-cidr-overlap.js";
import standbyRto from "./standby-rto.js";
import siteLossExposure from "./site-loss-exposure.js";
export const RULES: readonly Rule[] = [
  // Workloads
  workloadReplicas,
  selectorTemplateMismatch,
  statefulsetServiceMissing,
  priorityClassMissing,
  hpaMinReplicas,
  hpaNoHeadroom,
  readinessProbeMissing,
  livenessProbeMissing,
  probesIdentical,
  probePortUnknown,
  probePortNotExposed,
  rolloutRecreate,
  rolloutMaxUnavailable,
  barePod,
  resourceRequestsMissing,
  imageTagMutable,
  gracefulShutdown,
  startupProbeMissing,
  // Disruption
  pdbMissing,
  pdbBlocksDrain,
  pdbSelectsNothing,
  pdbOverlap,
  pdbZoneLoss,
  pdbUnhealthyEviction,
  pdbSpansWorkloads,
  // Topology
  antiAffinityMissing,
  zoneSpreadMissing,
  spreadSelectorMismatch,
  spreadMinDomains,
  spreadZoneStrands,
  antiAffinityUnsatisfiable,
  pinnedToOneDomain,
  // Storage
  pvcRwoMultiReplica,
  localStorageState,
  zonalStorageImmediateBinding,
  // Quorum systems
  quorumTooFewMembers,
  quorumEvenMembers,
  quorumPdbAllowsLoss,
  // Network
  serviceSelectsNothing,
  // Control plane and platform (fleet)
  etcdTooFewMembers,
  etcdMemberCount,
  etcdQuorumDomain,
  etcdLatency,
  etcdLatencyUnknown,
  apiEndpointSpof,
  controlPlaneSingleZone,
  capacityNMinus1,
  ingressReplicas,
  corednsReplicas,
  corednsDefaultSingleReplica,
  lbExternalTrafficPolicy,
  // Storage (fleet)
  storageReplicas,
  storageNfsSpof,
  storageAsyncRpoZero,
  // Data and backup (fleet)
  dataAsyncRpoZero,
  dataSyncReplicationLatency,
  dataLeaderKeyInApi,
  backupMissing,
  backupSameSite,
  backupIntervalRpo,
  backupRestoreUntested,
  // Traffic and multi-cluster (fleet)
  gslbFailoverRto,
  gslbSingleTarget,
  geoSingleSite,
  stretchedClusterLatency,
  meshCidrOverlap,
  standbyRto,
  siteLossExposure,
];
