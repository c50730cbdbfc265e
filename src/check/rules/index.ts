/**
 * The rule registry: every rule hactl ships, one import per rule file. Adding a rule = one file in
 * this folder (+ its test and docs/rules/<id>.md) and one line here (see docs/check-engine.md).
 * @module
 */
import type { Rule } from "../types.js";
import pdbMissing from "./pdb-missing.js";
import workloadReplicas from "./workload-replicas.js";

export const RULES: readonly Rule[] = [
  // Workloads
  workloadReplicas,
  // Disruption
  pdbMissing,
];
