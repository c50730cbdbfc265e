/**
 * The architectures of the seeds' decision matrix (seed 000 "Entscheidungsmatrix", cases 1–5, and
 * the case-4 RTO/RPO table for active-passive manual/automatic and active-active), as data.
 * @module
 */

export type ArchitectureId =
  | "single-cluster"
  | "multi-zone"
  | "stretched"
  | "active-passive-manual"
  | "active-passive"
  | "active-active"
  | "hybrid-edge";

export type Complexity = "low" | "medium" | "high" | "very-high";
export type FailureDomain = "node" | "zone" | "site";

export interface Range {
  /** Lower bound in ms (0 for "near zero"). */
  minMs: number;
  /** Upper bound in ms (Infinity for "variable"). */
  maxMs: number;
  /** How the seeds say it. */
  text: string;
}

export interface ArchitectureProfile {
  id: ArchitectureId;
  /** Seed 000 case number. */
  seedCase: 1 | 2 | 3 | 4 | 5;
  title: string;
  summary: string;
  dataCentres: string;
  controlPlaneRtt: string;
  rto: Range;
  rpo: Range;
  complexity: Complexity;
  cost: { min: number; max: number; text: string };
  geoRedundancy: string;
  /** The seed's own recommendation word. */
  recommendation: string;
  /** Failure domains whose loss the architecture survives without data loss beyond its RPO. */
  survives: FailureDomain[];
  /** What it takes, in the seeds' words. */
  essentials: string[];
}

const MIN = 60_000;

export const ARCHITECTURES: Record<ArchitectureId, ArchitectureProfile> = {
  "single-cluster": {
    id: "single-cluster",
    seedCase: 1,
    title: "Single cluster in one data centre",
    summary: "3 control-plane nodes (stacked etcd) and 3+ workers in one DC; protects against node, hardware and software failures.",
    dataCentres: "1",
    controlPlaneRtt: "< 1 ms",
    rto: { minMs: 1 * MIN, maxMs: 5 * MIN, text: "1–5 min" },
    rpo: { minMs: 0, maxMs: 1 * MIN, text: "< 1 min" },
    complexity: "low",
    cost: { min: 1, max: 1, text: "1x" },
    geoRedundancy: "none",
    recommendation: "standard (enough for 80% of cases)",
    survives: ["node"],
    essentials: [
      "3 etcd members (odd), API servers behind kube-vip or keepalived",
      "replicas ≥ 3 with hostname spread or anti-affinity, PDBs",
      "replicated storage (Rook-Ceph, Longhorn) and Velero backups to an external S3 location",
    ],
  },
  "multi-zone": {
    id: "multi-zone",
    seedCase: 2,
    title: "Multi-zone cluster",
    summary: "One cluster across ≥ 3 availability zones (RTT < 10 ms); control plane 1 per zone, workloads spread over zones.",
    dataCentres: "1 (zones)",
    controlPlaneRtt: "< 10 ms",
    rto: { minMs: 0, maxMs: 1 * MIN, text: "< 1 min" },
    rpo: { minMs: 0, maxMs: 0, text: "0" },
    complexity: "medium",
    cost: { min: 1.5, max: 2, text: "1.5–2x" },
    geoRedundancy: "zones",
    recommendation: "cloud-native",
    survives: ["node", "zone"],
    essentials: [
      "≥ 3 zones with one control-plane node each (5 members as 2-2-1)",
      "topologySpreadConstraints over topology.kubernetes.io/zone, PDBs sized for a zone loss",
      "zone-aware storage: WaitForFirstConsumer + allowedTopologies, or synchronous replication across zones",
    ],
  },
  stretched: {
    id: "stretched",
    seedCase: 3,
    title: "Stretched cluster over data centres",
    summary: "One cluster over 2–3 DCs with RTT < 10 ms (metro); etcd 2+2 plus a witness in a third site; synchronous storage replication.",
    dataCentres: "2–3",
    controlPlaneRtt: "< 10 ms",
    rto: { minMs: 0, maxMs: 1 * MIN, text: "< 1 min" },
    rpo: { minMs: 0, maxMs: 0, text: "0" },
    complexity: "very-high",
    cost: { min: 3, max: 4, text: "3–4x" },
    geoRedundancy: "data centres",
    recommendation: "only if forced",
    survives: ["node", "zone", "site"],
    essentials: [
      "RTT < 10 ms between every etcd member, on dedicated links",
      "5 etcd members as 2+2+1 with the witness in a third site",
      "synchronous storage (Rook-Ceph stretch mode with ≥ 5 OSD nodes, DRBD, Portworx) and fencing",
    ],
  },
  "active-passive-manual": {
    id: "active-passive-manual",
    seedCase: 4,
    title: "Multi-cluster active-passive (manual failover)",
    summary: "Independent clusters per site; the standby is promoted by a person (GitOps on both, Velero, DNS change).",
    dataCentres: "2+",
    controlPlaneRtt: "any (independent clusters)",
    rto: { minMs: 5 * MIN, maxMs: 15 * MIN, text: "5–15 min" },
    rpo: { minMs: 1 * MIN, maxMs: 5 * MIN, text: "1–5 min" },
    complexity: "high",
    cost: { min: 2, max: 3, text: "2–3x per cluster" },
    geoRedundancy: "yes (strong)",
    recommendation: "recommended for geo-redundancy on a budget",
    survives: ["node", "zone", "site"],
    essentials: ["GitOps (Argo CD ApplicationSet, Flux) on both clusters", "Velero backups to the standby site", "DNS/GSLB failover with a short TTL and a runbook"],
  },
  "active-passive": {
    id: "active-passive",
    seedCase: 4,
    title: "Multi-cluster active-passive (automatic failover)",
    summary: "Independent clusters per site; health checks promote the standby and move DNS automatically.",
    dataCentres: "2+",
    controlPlaneRtt: "any (independent clusters)",
    rto: { minMs: 1 * MIN, maxMs: 5 * MIN, text: "1–5 min" },
    rpo: { minMs: 1 * MIN, maxMs: 5 * MIN, text: "1–5 min" },
    complexity: "high",
    cost: { min: 2, max: 3, text: "2–3x per cluster" },
    geoRedundancy: "yes (strong)",
    recommendation: "recommended",
    survives: ["node", "zone", "site"],
    essentials: ["hot or warm standby kept in sync by GitOps", "async database replica in the standby site", "GSLB health checks with automatic DNS failover"],
  },
  "active-active": {
    id: "active-active",
    seedCase: 4,
    title: "Multi-cluster active-active",
    summary: "Every cluster serves; a GSLB spreads traffic and drops unhealthy clusters; data replicated between sites.",
    dataCentres: "2+",
    controlPlaneRtt: "any (independent clusters)",
    rto: { minMs: 0, maxMs: 1 * MIN, text: "< 1 min" },
    rpo: { minMs: 1_000, maxMs: 5 * MIN, text: "seconds–minutes" },
    complexity: "high",
    cost: { min: 2, max: 3, text: "2–3x per cluster" },
    geoRedundancy: "yes (strong)",
    recommendation: "recommended",
    survives: ["node", "zone", "site"],
    essentials: ["GSLB with health checks (hactl gslb, Route 53, Cloudflare)", "each cluster sized to carry the load of a lost one", "database replication between sites; service mesh or Submariner for cross-cluster calls"],
  },
  "hybrid-edge": {
    id: "hybrid-edge",
    seedCase: 5,
    title: "Hybrid cloud and edge",
    summary: "A core (cloud or DC) plus lightweight edge clusters (K3s, MicroK8s, KubeEdge) that keep running offline.",
    dataCentres: "hybrid",
    controlPlaneRtt: "variable",
    rto: { minMs: 0, maxMs: Infinity, text: "variable (edge autonomy: < 1 min locally)" },
    rpo: { minMs: 0, maxMs: Infinity, text: "variable" },
    complexity: "high",
    cost: { min: 1, max: 2, text: "variable (cloud 1–2x + edge hardware)" },
    geoRedundancy: "yes",
    recommendation: "use-case driven",
    survives: ["node", "site"],
    essentials: ["edge autonomy: workloads keep running without the hub", "hub-and-spoke management (Rancher, Fleet, GitOps)", "data sync with conflict resolution when connectivity returns"],
  },
};

/** The etcd latency rule of the seeds: members must be < 10 ms apart. */
export const ETCD_MAX_RTT_MS = 10;
