/**
 * hactl gslb: an authoritative DNS server with its own health checks, quorum across instances and
 * failover strategies. Setup (config → engine → handler chain) is separate from serving (sockets,
 * timers); see docs/gslb.md.
 *
 * @example
 * ```ts
 * import { GslbRuntime } from "hactl/dist/gslb/index.js";
 * const rt = await GslbRuntime.start({ inputs: ["gslb.yaml"], instance: "prod-fra", env: process.env,
 *   dns: { host: "127.0.0.1", port: 5353 }, log: (level, msg) => console.error(level, msg) });
 * await rt.shutdown();
 * ```
 * @module
 */
export { GslbRuntime, StartError, type RuntimeOptions } from "./runtime.js";
export { GslbEngine } from "./engine.js";
export { loadGslbConfig, type LoadedConfig } from "./config/load.js";
export { compileGslb, type GslbInput } from "./config/compile.js";
export type { GslbConfig, HostConfig, TargetConfig, ZoneConfig, CheckConfig } from "./config/types.js";
export { decide, type Plan, type TargetView } from "./answers/decide.js";
export { generateGslb, type GenerateOptions, type Generated } from "./generate.js";
export { CHAIN, buildChain } from "./server/chain.js";
