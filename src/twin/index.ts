/**
 * The twin: cluster state and a scheduler faithful to kube-scheduler's default profile. Build one
 * per cluster from the normalised fleet, place every pod, then ask what-ifs.
 *
 * @example
 * ```ts
 * import { createTwin } from "./twin/index.js";
 * const twin = createTwin(fleet.clusters[0]!, { seed: 1 });
 * twin.placeAll();
 * twin.pending();                      // Pending pods with kube-scheduler's reason summary
 * const base = twin.snapshot();
 * for (const n of twin.nodes().filter((n) => n.zone === "fra-a")) twin.setNotReady(n.name);
 * twin.pending();                      // what a zone loss leaves Pending
 * twin.restore(base);                  // back, exactly (undo log)
 * ```
 * See docs/twin.md.
 * @module
 */
export { createTwin, Twin, TAINT_NOT_READY, TAINT_UNREACHABLE, type Snapshot } from "./twin.js";
export type { TwinInput } from "./build.js";
export type { NodeSpec } from "./state/nodes.js";
export { numFeasibleNodesToFind } from "./framework/scheduler.js";
export { DEFAULT_WEIGHTS } from "./plugins/registry.js";
export { placeCluster, placeFleet, type ClusterPlacement, type FleetPlacement } from "./place.js";
export * from "./types.js";
