/**
 * Round-trip times between the etcd members of a cluster, pair by pair, from the fleet's latency
 * model (same zone, same site, declared links; unknown between sites without a link).
 * @module
 */
import type { Cluster, EtcdMember, Fleet, Rtt } from "../../model/fleet.js";

export interface MemberPair {
  a: EtcdMember;
  b: EtcdMember;
  rtt: Rtt;
}

/** Every pair of members in different zones, worst (highest, unknown first) first. */
export function etcdMemberPairs(fleet: Fleet, c: Cluster): MemberPair[] {
  const members = c.controlPlane.etcd.members;
  const out: MemberPair[] = [];
  for (let i = 0; i < members.length; i++) {
    for (let j = i + 1; j < members.length; j++) {
      const a = members[i]!;
      const b = members[j]!;
      if (a.zone === b.zone) continue;
      out.push({ a, b, rtt: fleet.rtt(a.zone, b.zone) });
    }
  }
  return out.sort((x, y) => y.rtt.ms - x.rtt.ms);
}

/** `fra1 ↔ ber` for a pair, using sites when they differ, else zones. */
export function pairLabel(p: MemberPair): string {
  return p.a.site !== p.b.site ? `${p.a.site} ↔ ${p.b.site}` : `${p.a.zone} ↔ ${p.b.zone}`;
}
