/**
 * `hactl drill --fail node=w-3 --fail zone=fra-a@2m`: failure steps from the command line, resolved
 * like spec.scenarios so unknown names get the same suggestions.
 * @module
 */
import type { ScenarioStep } from "../../model/fleet.js";
import { resolveFailureTarget, type TargetEnv } from "../../model/normalize/scenarios.js";
import type { FailureTargetSpec } from "../../model/schema/fleet.js";
import { parseDuration } from "../../model/units.js";

export const FAILURE_SYNTAX = [
  "node=NAME              a node crashes (CLUSTER/NAME when the name is in several clusters)",
  "shutdown=NAME[:30s]    graceful node shutdown with that shutdownGracePeriod",
  "drain=NAME             kubectl drain through the Eviction API (PodDisruptionBudgets)",
  "zone=NAME  site=NAME  cluster=NAME",
  "etcd=MEMBER            one etcd member (or the control-plane node of a stacked member)",
  "endpoint=CLUSTER[:N]   the API endpoint's active instance (N instances)",
  "storage=NODE           a storage node's data",
  "gslb=HOST/CLUSTER      a traffic target stops answering health checks",
  "partition=A,B/C        sides of a network partition (sites, zones, nodes, control-plane); the rest is one more side",
  "latency=A,B:80ms       RTT between two sites or zones rises",
  "out-of-service=NODE    an operator applies node.kubernetes.io/out-of-service",
  "recover:KIND=NAME      the failure ends (e.g. recover:node=w-3@30m)",
  "...@2m                 when the step happens (default 0s)",
];

const KINDS: Record<string, keyof FailureTargetSpec> = {
  node: "node",
  shutdown: "shutdown",
  drain: "drain",
  zone: "zone",
  site: "site",
  cluster: "cluster",
  etcd: "etcdMember",
  etcdmember: "etcdMember",
  endpoint: "endpoint",
  storage: "storageNode",
  storagenode: "storageNode",
  gslb: "gslbTarget",
  gslbtarget: "gslbTarget",
  partition: "partition",
  latency: "latency",
};

/** Parses one `--fail` value into a resolved step; a string is the error message. */
export function parseFailure(text: string, env: TargetEnv): ScenarioStep | { error: string; hint?: string } {
  let rest = text.trim();
  let action: ScenarioStep["action"] = "fail";
  if (rest.startsWith("recover:")) {
    action = "recover";
    rest = rest.slice("recover:".length);
  }
  let atMs = 0;
  const at = rest.lastIndexOf("@");
  if (at >= 0) {
    const d = parseDuration(rest.slice(at + 1));
    if (d === undefined) return { error: `--fail "${text}": "${rest.slice(at + 1)}" is not a duration`, hint: "write the time as @30s, @2m or @1h30m" };
    atMs = d;
    rest = rest.slice(0, at);
  }
  const eq = rest.indexOf("=");
  if (eq < 0) return { error: `--fail "${text}" is not KIND=NAME`, hint: `for example --fail node=w-3; kinds: ${Object.keys(KINDS).filter((k) => !k.endsWith("member") && !k.endsWith("target") && k !== "storagenode").join(", ")}, out-of-service` };
  const kind = rest.slice(0, eq).toLowerCase().replace(/[-_]/g, "");
  const value = rest.slice(eq + 1);
  if (kind === "outofservice") {
    const [cluster, node] = value.includes("/") ? value.split("/", 2) : [undefined, value];
    const r = resolveFailureTarget({ node: node!, ...(cluster ? { inCluster: cluster } : {}) }, env);
    return "target" in r ? { atMs, action: "out-of-service", target: r.target } : { error: `--fail "${text}": ${r.message}`, hint: r.suggestion };
  }
  const field = KINDS[kind];
  if (!field) return { error: `--fail "${text}": unknown kind "${rest.slice(0, eq)}"`, hint: `kinds: ${Object.keys(KINDS).join(", ")}, out-of-service` };
  const spec: FailureTargetSpec = {};
  switch (field) {
    case "partition":
      spec.partition = value.split("/").map((g) => g.split(",").filter((x) => x !== ""));
      break;
    case "latency": {
      const m = /^([^,]+),([^:]+):(.+)$/.exec(value);
      if (!m) return { error: `--fail "${text}": expected latency=A,B:RTT`, hint: "for example --fail latency=fra1,fra2:80ms" };
      spec.latency = { between: [m[1]!, m[2]!], rtt: m[3]! };
      if (parseDuration(m[3]!) === undefined) return { error: `--fail "${text}": "${m[3]}" is not a duration`, hint: "for example 80ms" };
      break;
    }
    case "endpoint": {
      const [c, n] = value.split(":");
      spec.endpoint = c!;
      if (n !== undefined) spec.instances = Math.max(1, Number(n) || 1);
      break;
    }
    case "gslbTarget":
      spec.gslbTarget = value;
      break;
    case "shutdown": {
      const [name, grace] = value.split(":");
      setNamed(spec, "shutdown", name!);
      if (grace !== undefined) spec.gracePeriod = grace;
      break;
    }
    default:
      setNamed(spec, field, value);
  }
  const r = resolveFailureTarget(spec, env);
  return "target" in r ? { atMs, action, target: r.target } : { error: `--fail "${text}": ${r.message}`, hint: r.suggestion };
}

/** `cluster/name` scopes a node, member or storage node to a cluster. */
function setNamed(spec: FailureTargetSpec, field: keyof FailureTargetSpec, value: string): void {
  const slash = value.indexOf("/");
  const scoped = slash > 0 && field !== "gslbTarget";
  (spec as Record<string, unknown>)[field] = scoped ? value.slice(slash + 1) : value;
  if (scoped && field !== "zone" && field !== "site" && field !== "cluster") spec.inCluster = value.slice(0, slash);
}
