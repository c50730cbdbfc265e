/**
 * Network reachability during a drill: an active partition splits places (nodes, etcd members,
 * endpoint instances, data members) into sides by site, zone or node name; `control-plane` names the
 * cluster's control plane. Latency spikes raise the RTT between two sites or zones.
 * @module
 */
import type { Fleet } from "../../model/fleet.js";
import type { Place } from "./model.js";

export class Reachability {
  /** The active partition's sides (empty: no partition). */
  groups: string[][] = [];
  /** `a|b` → RTT in ms during a spike. */
  readonly spikes = new Map<string, number>();

  constructor(private readonly fleet: Fleet) {}

  get partitioned(): boolean {
    return this.groups.length > 0;
  }

  /** Side of a place: the first group naming its node, zone, site (or control-plane); else the rest (groups.length). */
  sideOf(p: Place & { controlPlane?: boolean }): number {
    if (this.groups.length === 0) return 0;
    for (let i = 0; i < this.groups.length; i++) {
      const g = this.groups[i]!;
      if ((p.node !== undefined && g.includes(p.node)) || (p.controlPlane === true && g.includes("control-plane"))) return i;
    }
    for (let i = 0; i < this.groups.length; i++) {
      const g = this.groups[i]!;
      if (g.includes(p.zone) || g.includes(p.site)) return i;
    }
    return this.groups.length;
  }

  /** RTT between two zones now (a spike between them or their sites wins over the declared RTT). */
  rtt(zoneA: string, zoneB: string): number {
    const za = this.fleet.zone(zoneA);
    const zb = this.fleet.zone(zoneB);
    for (const [a, b] of [
      [zoneA, zoneB],
      [za?.site ?? zoneA, zb?.site ?? zoneB],
    ] as const) {
      const s = this.spikes.get(key(a, b));
      if (s !== undefined) return s;
    }
    return this.fleet.rtt(zoneA, zoneB).ms;
  }

  static key(a: string, b: string): string {
    return key(a, b);
  }
}

function key(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}
