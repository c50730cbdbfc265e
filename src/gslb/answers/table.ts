/**
 * The answer table: every name the server is authoritative for, with its precomputed responses.
 * GSLB host names get one prepared response per (type, client region, choice, rotation), rebuilt
 * only when the health snapshot changes (`setPlans`); zone apexes (SOA, NS) and name-server hosts
 * (glue A/AAAA) are prepared once per config. Negative answers carry the zone's SOA, pre-encoded
 * after its owner name.
 * @module
 */
import type { GslbConfig, HostConfig, ZoneConfig } from "../config/types.js";
import { MessageWriter, type RecordSpec } from "../dns/writer.js";
import { CLASS_IN, TYPE, parentKey } from "../dns/wire.js";
import type { Prepared } from "../server/respond.js";
import type { Plan } from "./decide.js";

/** At most this many rotations are prepared per choice (a round-robin over more addresses repeats). */
const MAX_ROTATIONS = 16;

export interface PreparedPlan {
  plan: Plan;
  /** Cumulative choice weights, normalised to 1. */
  cumulative: number[];
  /** Per choice, its rotations. */
  responses: Prepared[][];
  /** Next rotation (round-robin). */
  counter: number;
}

export interface ZoneEntry {
  zone: ZoneConfig;
  /** SOA record after its owner name: type, class, TTL, RDATA (names uncompressed). */
  soaRest: Buffer;
}

export type NameEntry =
  | { kind: "host"; host: HostConfig; zone: ZoneEntry; plans: Map<number, Map<string, PreparedPlan>> }
  | { kind: "apex"; zone: ZoneEntry; prepared: Map<number, Prepared> }
  | { kind: "ns"; zone: ZoneEntry; prepared: Map<number, Prepared> }
  | { kind: "empty"; zone: ZoneEntry };

const NOERROR_AA = 0x8400;

export class AnswerTable {
  readonly names = new Map<string, NameEntry>();
  readonly zones = new Map<string, ZoneEntry>();
  /** Bumped by every setPlans; traces refer to it. */
  generation = 0;

  constructor(readonly config: GslbConfig) {
    for (const z of config.zones) {
      const w = new MessageWriter(64);
      w.u16(TYPE.SOA).u16(CLASS_IN).u32(Math.min(z.soaTtl, z.soa.minimum));
      const lenAt = w.pos;
      w.u16(0);
      w.name(z.soa.mname, false).name(z.soa.rname, false).u32(z.soa.serial).u32(z.soa.refresh).u32(z.soa.retry).u32(z.soa.expire).u32(z.soa.minimum);
      w.patch16(lenAt, w.pos - lenAt - 2);
      this.zones.set(z.key, { zone: z, soaRest: w.finish() });
    }
    for (const ze of this.zones.values()) {
      const z = ze.zone;
      const apex = new Map<number, Prepared>();
      const soa: RecordSpec = { name: z.key, ttl: z.soaTtl, data: { type: TYPE.SOA, soa: z.soa } };
      const nsRecords: RecordSpec[] = z.nameservers.map((n) => ({ name: z.key, ttl: z.soaTtl, data: { type: TYPE.NS, target: n.key } }));
      const glue: RecordSpec[] = z.nameservers.flatMap((n) =>
        n.addresses.map((a) => ({ name: n.key, ttl: z.soaTtl, data: a.includes(":") ? { type: TYPE.AAAA, address: a } : { type: TYPE.A, address: a } }) as RecordSpec),
      );
      apex.set(TYPE.SOA, prepare(z.key, TYPE.SOA, [soa], [], [], NOERROR_AA));
      apex.set(TYPE.NS, prepare(z.key, TYPE.NS, nsRecords, [], glue, NOERROR_AA));
      apex.set(TYPE.ANY, prepare(z.key, TYPE.ANY, [soa, ...nsRecords], [], [], NOERROR_AA));
      this.names.set(z.key, { kind: "apex", zone: ze, prepared: apex });
      for (const n of z.nameservers) {
        if (!n.key.endsWith(z.key) || this.names.has(n.key)) continue;
        const prepared = new Map<number, Prepared>();
        for (const type of [TYPE.A, TYPE.AAAA]) {
          const recs = glue.filter((g) => g.name === n.key && g.data.type === type);
          prepared.set(type, recs.length > 0 ? prepare(n.key, type, recs, [], [], NOERROR_AA) : prepare(n.key, type, [], [soa], [], NOERROR_AA));
        }
        this.names.set(n.key, { kind: "ns", zone: ze, prepared });
        this.addEmptyNonTerminals(n.key, ze);
      }
    }
    for (const h of config.hostnames) {
      const ze = this.zones.get(h.zoneKey)!;
      this.names.set(h.key, { kind: "host", host: h, zone: ze, plans: new Map() });
      this.addEmptyNonTerminals(h.key, ze);
    }
  }

  private addEmptyNonTerminals(key: string, ze: ZoneEntry): void {
    for (let p = parentKey(key); p !== undefined && p !== ze.zone.key && p.length > ze.zone.key.length; p = parentKey(p)) {
      if (!this.names.has(p)) this.names.set(p, { kind: "empty", zone: ze });
    }
  }

  /** The innermost zone containing `key`, if any. */
  zoneFor(key: string): ZoneEntry | undefined {
    for (let k: string | undefined = key; k !== undefined; k = parentKey(k)) {
      const z = this.zones.get(k);
      if (z) return z;
    }
    return undefined;
  }

  /** Installs freshly decided plans (one per host, type and region) and re-encodes them. */
  setPlans(plans: readonly Plan[]): void {
    this.generation++;
    for (const plan of plans) {
      const entry = this.names.get(hostKey(this.config, plan.hostname));
      if (!entry || entry.kind !== "host") continue;
      let byRegion = entry.plans.get(plan.qtype);
      if (!byRegion) entry.plans.set(plan.qtype, (byRegion = new Map()));
      const old = byRegion.get(plan.region ?? "");
      byRegion.set(plan.region ?? "", preparePlan(entry.host.key, plan, entry.zone, old?.counter ?? 0));
    }
  }
}

function hostKey(config: GslbConfig, name: string): string {
  return config.hostnames.find((h) => h.name === name)?.key ?? "";
}

export function preparePlan(key: string, plan: Plan, ze: ZoneEntry, counter = 0): PreparedPlan {
  const soa: RecordSpec = { name: ze.zone.key, ttl: Math.min(ze.zone.soaTtl, ze.zone.soa.minimum), data: { type: TYPE.SOA, soa: ze.zone.soa } };
  if (plan.nodata) {
    return { plan, cumulative: [1], responses: [[prepare(key, plan.qtype, [], [soa], [], NOERROR_AA)]], counter };
  }
  const total = plan.choices.reduce((s, c) => s + c.weight, 0) || 1;
  let acc = 0;
  const cumulative = plan.choices.map((c) => (acc += c.weight / total));
  cumulative[cumulative.length - 1] = 1;
  const responses = plan.choices.map((c) => {
    const n = plan.rotate ? Math.min(c.addresses.length, MAX_ROTATIONS) : 1;
    const out: Prepared[] = [];
    for (let r = 0; r < Math.max(1, n); r++) {
      const rotated = [...c.addresses.slice(r), ...c.addresses.slice(0, r)];
      const recs: RecordSpec[] = rotated.map((a) => ({ name: key, ttl: plan.ttl, data: plan.qtype === TYPE.AAAA ? { type: TYPE.AAAA, address: a } : { type: TYPE.A, address: a } }));
      out.push(prepare(key, plan.qtype, recs, recs.length === 0 ? [soa] : [], [], NOERROR_AA));
    }
    return out;
  });
  return { plan, cumulative, responses, counter };
}

/** Encodes header + question (lower case) + sections; the OPT record is added per response. */
export function prepare(key: string, qtype: number, answers: RecordSpec[], authority: RecordSpec[], additional: RecordSpec[], flags: number): Prepared {
  const w = new MessageWriter(512);
  w.header({ id: 0, flags, qd: 1, an: answers.length, ns: authority.length, ar: additional.length });
  w.question(key, qtype);
  const qEnd = w.pos;
  for (const r of answers) w.record(r);
  for (const r of authority) w.record(r);
  for (const r of additional) w.record(r);
  return { tmpl: w.finish(), qEnd };
}
