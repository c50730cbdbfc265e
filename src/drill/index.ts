/**
 * `hactl drill`: failure drills on the twin that predict each service's RTO and RPO. A deterministic
 * discrete-event simulation of Kubernetes' own recovery mechanisms with their default timings per
 * version: node lifecycle and taint-based eviction, endpoints, controllers and the scheduler, volumes,
 * the control plane, data services, backups and DNS-based traffic. See docs/drill.md.
 *
 * @example
 * ```ts
 * import { prepareDrill } from "./drill/index.js";
 * const drill = prepareDrill(fleet);                 // places every cluster's twin once
 * const r = drill.run({ name: "w-3", steps: [{ atMs: 0, action: "fail", target: { kind: "node", cluster: "prod", node: "w-3" } }] });
 * r.services[0];                                     // { name, rtoMs, capacityRtoMs, rpoMs, verdict, mechanism, fix }
 * const sweep = drill.sweep();                       // every node, zone, site, cluster, etcd member, endpoint
 * sweep.worstPerService;                             // each service's worst case and the scenario behind it
 * ```
 * @module
 */
export { Drill, drillScenario, prepareDrill, sweepFleet } from "./drill.js";
export { mergeSweeps, parseSweepJson } from "./sweep.js";
export { sweepScenarios, type SweepScenario } from "./scenarios/domains.js";
export { describeTarget } from "./scenarios/describe.js";
export { parseFailure, FAILURE_SYNTAX } from "./scenarios/parse.js";
export { STARTUP_ANNOTATION, startupTime } from "./state/workloads.js";
export { DRILL_SIMPLIFICATIONS } from "./simplifications.js";
export { DEFAULT_HORIZON_MS } from "./run.js";
export * from "./types.js";
