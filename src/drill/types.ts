/**
 * Public data shapes of `hactl drill`: plain objects with stable JSON forms. Durations are
 * milliseconds; an unbounded duration is `Infinity` in memory and `null` in JSON.
 * @module
 */

/** The mechanism a timeline entry or a recovery step belongs to (one module in src/drill/mechanisms). */
export type Mechanism =
  | "failure"
  | "node-lifecycle"
  | "taint-eviction"
  | "endpoints"
  | "controllers"
  | "scheduling"
  | "pod-start"
  | "volumes"
  | "control-plane"
  | "data-services"
  | "backups"
  | "traffic"
  | "eviction-api";

/** One step of a recovery and how long it took: "tolerationSeconds 300 (default)", 300000 ms. */
export interface Segment {
  mechanism: Mechanism;
  label: string;
  ms: number;
}

export interface TimelineEntry {
  atMs: number;
  /** `1m35s`. */
  at: string;
  mechanism: Mechanism;
  cluster?: string;
  text: string;
}

export interface Window {
  startMs: number;
  /** Infinity (null in JSON): still open when the drill ended. */
  endMs: number;
}

export type ServiceKind = "workload" | "data" | "hostname" | "control-plane";

export interface Objective {
  rtoMs: number;
  rpoMs: number;
  /** `default` (spec.objectives) or the service objective that named it. */
  source: string;
}

/** A change that would meet the objective, and what the drill predicts with it (a re-run of the scenario). */
export interface Fix {
  /** `tolerationSeconds: 30 on Deployment shop/web`. */
  change: string;
  rtoMs: number;
  rpoMs: number;
  meets: boolean;
  /** `tolerationSeconds: 30 → RTO 1m25s`. */
  text: string;
}

export interface ServiceOutcome {
  /** Stable id: `Deployment/shop/web`, `data/orders-db`, `hostname/shop.example.com`, `control-plane/prod`. */
  id: string;
  /** What people call it: `shop/web`, `orders-db`, `shop.example.com`, `control plane of prod`. */
  name: string;
  kind: ServiceKind;
  clusters: string[];
  /** No ready endpoint reachable (hostname: some clients' cached answer points at a dead target). */
  unavailable: Window[];
  /** Serving, but with fewer ready replicas than before the failure, or with dead endpoints still routed. */
  degraded: Window[];
  /** From the failure until it serves again (0 when it never stopped). */
  rtoMs: number;
  /** From the failure until every replica is back. */
  capacityRtoMs: number;
  /** Data lost, in time (0 when none). */
  rpoMs: number;
  rpoBasis: string;
  objective: Objective;
  /**
   * `met`, `missed`, or `lost`: the failure takes every cluster the service runs in (a control plane
   * or a workload confined to a lost site) — it cannot recover there; its users fail over elsewhere.
   */
  verdict: "met" | "missed" | "lost";
  /** Why the verdict is "missed" or "lost" (one line per objective missed). */
  reasons: string[];
  /** The mechanism that dominated the recovery: "300s default toleration", "RWO force detach 6m", "Pending: topology spread". */
  mechanism: string;
  /** The recovery, step by step (for RTO); empty when nothing recovered. */
  chain: Segment[];
  /** Why the service does not recover without intervention (only when rtoMs is Infinity). */
  unbounded?: string;
  fix?: Fix;
}

export interface StepView {
  atMs: number;
  action: "fail" | "recover" | "out-of-service";
  /** `node w-3 (prod)`. */
  target: string;
}

export interface ScenarioResult {
  scenario: string;
  description?: string;
  steps: StepView[];
  /** When the last event happened (the drill stops when nothing more will change, or at the horizon). */
  endedAtMs: number;
  horizonMs: number;
  timeline: TimelineEntry[];
  /** Services the scenario touched, worst first. */
  services: ServiceOutcome[];
  /** Services the scenario did not touch. */
  unaffected: number;
  /** Ids of services that missed an objective. */
  missed: string[];
  notes: string[];
  simplifications: string[];
}

export interface DrillOptions {
  /** Seed of the twin's tie-break and of sampled timings. Default 1. */
  seed?: number;
  /** `worst` (default): every timing at its upper bound; `sampled`: drawn from the seeded RNG. */
  bounds?: "worst" | "sampled";
  /** How far the drill runs at most. Default 24 h. */
  horizonMs?: number;
  /** Record the timeline (default true for one scenario, false in sweeps). */
  timeline?: boolean;
  /** Compute the change that would meet a missed objective (re-runs the scenario). Default true. */
  fixes?: boolean;
  /** Only this cluster's failure domains (sweep) — services spanning clusters still count every cluster. */
  cluster?: string;
}

/** One scenario of a sweep, summarised. */
export interface SweepEntry {
  index: number;
  scenario: string;
  /** `node`, `zone`, `site`, `cluster`, `etcd-member`, `endpoint`, `declared`. */
  domain: string;
  description: string;
  /** Whether the objectives cover this failure (a site loss is beyond a fleet without geo-redundancy). */
  inScope: boolean;
  /** Services touched. */
  affected: number;
  worstRtoMs: number;
  worstService?: string;
  missed: MissedRow[];
  /** Services lost with every cluster they run in. */
  lost: string[];
  notes: string[];
}

export interface MissedRow {
  id: string;
  name: string;
  rtoMs: number;
  rpoMs: number;
  capacityRtoMs: number;
  mechanism: string;
  reasons: string[];
  unbounded?: string;
}

/** A service's worst case over the sweep, each figure with the scenario that produced it. */
export interface WorstRow {
  id: string;
  name: string;
  kind: ServiceKind;
  clusters: string[];
  objective: Objective;
  rtoMs: number;
  rtoScenario?: string;
  rtoIndex: number;
  rtoMechanism: string;
  /** Why the worst RTO is unbounded (when it is). */
  rtoUnbounded?: string;
  capacityRtoMs: number;
  capacityScenario?: string;
  capacityIndex: number;
  capacityMechanism: string;
  capacityUnbounded?: string;
  rpoMs: number;
  rpoScenario?: string;
  rpoIndex: number;
  rpoBasis: string;
  verdict: "met" | "missed";
  reasons: string[];
  /** The change that would meet the objective in the scenario that decides the verdict. */
  fix?: Fix & { scenario: string };
}

export interface SweepResult {
  fleet: string;
  seed: number;
  bounds: "worst" | "sampled";
  horizonMs: number;
  /** Present on a shard's result (`--shard k/N`); absent on a full or merged sweep. */
  shard?: { index: number; count: number };
  /** Scenarios in the whole sweep (every shard). */
  total: number;
  entries: SweepEntry[];
  /** Each service's worst case over the scenarios the objectives cover, with its verdict. */
  worstPerService: WorstRow[];
  /** Each service's worst case over failures beyond the objectives (site or cluster loss without geo-redundancy) and over failures that take every cluster it runs in: exposure, no verdict. */
  exposure: WorstRow[];
  /** Every objective missed, per scenario (scenarios the objectives cover). */
  missed: (MissedRow & { scenario: string })[];
  notes: string[];
  simplifications: string[];
  /** Run statistics (not part of the deterministic result). */
  stats: { scenarios: number; elapsedMs: number; scenariosPerSecond: number };
}
