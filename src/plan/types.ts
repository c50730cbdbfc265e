/** Result shapes of the plan engine (stable JSON). @module */
import type { ArchitectureId, Complexity, Range } from "../catalog/architectures.js";

export type Severity = "critical" | "warning" | "info";

/** What the decision is made from: objectives and topology, with or without a described fleet. */
export interface PlanInputs {
  rtoMs: number;
  rpoMs: number;
  budget: "low" | "medium" | "high";
  geoRedundancy: "none" | "preferred" | "required";
  providerZones: boolean;
  edge: boolean;
  sites: { name: string; kind: string; zones: number; jurisdiction?: string }[];
  /** RTT between every pair of non-edge sites. */
  siteRtt: { a: string; b: string; ms: number; origin: "declared" | "default" | "unknown" }[];
}

export type Fit = "meets" | "at-risk" | "misses";

export interface Decision {
  architecture: ArchitectureId;
  title: string;
  seedCase: number;
  /** The decision path, one sentence per step, in the order the seeds' decision tree takes them. */
  reasons: string[];
  expectedRto: Range;
  expectedRpo: Range;
  complexity: Complexity;
  cost: string;
  fit: { rto: Fit; rpo: Fit; budget: Fit; notes: string[] };
  essentials: string[];
  /** The largest failure domain the objectives require surviving. */
  mustSurvive: "node" | "zone" | "site";
  /** For hybrid/edge: the architecture recommended for the core (non-edge) sites. */
  core?: ArchitectureId;
}

export interface Alternative {
  architecture: ArchitectureId;
  title: string;
  verdict: "recommended" | "viable" | "not-recommended" | "ruled-out";
  reason: string;
}

export interface Described {
  architecture: ArchitectureId | "none";
  title: string;
  evidence: string[];
}

export interface Deviation {
  severity: Severity;
  code: string;
  /** What differs from the recommendation or the objectives, with the numbers. */
  message: string;
  /** Why it matters (the mechanism). */
  mechanism: string;
  fix: string;
  /** Field path in the fleet document, when one field is to blame. */
  path?: string;
}

export interface PlanResult {
  fleet: string;
  inputs: PlanInputs;
  recommended: Decision;
  alternatives: Alternative[];
  described?: Described;
  deviations: Deviation[];
}
