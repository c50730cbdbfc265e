/**
 * gslb: A and AAAA answers for the host names, from the precomputed plans. Finds the client's
 * region (EDNS Client Subnet, else the resolver's address) for geo host names, picks one choice by
 * weight and the next rotation, and patches only the ID, RD and OPT (with the ECS scope).
 * @module
 */
import { matchRegion } from "../../answers/geo.js";
import type { PreparedPlan } from "../../answers/table.js";
import { TYPE } from "../../dns/wire.js";
import { responseLimit, type Plugin } from "../../server/chain.js";
import { fromPrepared } from "../../server/respond.js";

export const gslb: Plugin = (next, ctx) => (req) => {
  const q = req.q;
  const entry = ctx.table.names.get(q.key);
  if (entry === undefined || entry.kind !== "host") return next(req);
  const qtype = q.qtype === TYPE.ANY ? TYPE.A : q.qtype;
  const byRegion = entry.plans.get(qtype);
  if (byRegion === undefined) return next(req);
  const host = entry.host;
  req.strategy = host.strategy;
  let plan: PreparedPlan | undefined;
  let scope = 0;
  if (host.strategy === "geo" && ctx.config.geo) {
    let region: string | undefined;
    if (q.ecsFamily !== 0 && q.ecsSourcePrefix > 0) {
      const m = matchRegion(ctx.config.geo.table, q.ecsFamily === 1 ? 4 : 6, q.ecsAddress, q.ecsSourcePrefix);
      region = m.region;
      scope = m.scope;
    } else {
      region = ctx.regions.lookup(req.client);
    }
    req.region = region;
    plan = byRegion.get(region ?? "") ?? byRegion.get("");
  } else {
    plan = byRegion.get("");
  }
  if (plan === undefined) return next(req);
  req.scope = scope;
  req.plan = plan;
  let choice = 0;
  const cum = plan.cumulative;
  if (cum.length > 1) {
    const r = Math.random();
    while (choice < cum.length - 1 && r >= cum[choice]!) choice++;
  }
  const rotations = plan.responses[choice]!;
  const rotation = rotations.length > 1 ? plan.counter++ % rotations.length : 0;
  if (plan.counter > 1e9) plan.counter = 0;
  req.choice = choice;
  req.rotation = rotation;
  req.rcode = 0;
  return fromPrepared(req.msg, q, rotations[rotation]!, { udpSize: ctx.config.maxUdpPayload, scope, extRcode: 0 }, responseLimit(q, req.transport, ctx.config.maxUdpPayload));
};
