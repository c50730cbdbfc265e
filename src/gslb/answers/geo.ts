/** Client address → region by longest-prefix match over the geo CIDR table. Pure. @module */
import type { CidrEntry } from "../config/types.js";
import { ipv4Bytes, ipv6Bytes } from "../dns/wire.js";

export interface RegionMatch {
  region: string | undefined;
  /** Prefix length the answer is valid for (the ECS scope to return). */
  scope: number;
}

/** Matches `bytes` (4 or 16, zero-padded beyond `sourcePrefix`). No match: scope = sourcePrefix. */
export function matchRegion(table: readonly CidrEntry[], family: 4 | 6, bytes: Uint8Array, sourcePrefix: number): RegionMatch {
  for (const e of table) {
    if (e.family !== family) continue;
    if (prefixEqual(e.bytes, bytes, e.prefix)) return { region: e.region, scope: e.prefix };
  }
  return { region: undefined, scope: sourcePrefix };
}

function prefixEqual(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  const whole = bits >> 3;
  for (let i = 0; i < whole; i++) if (a[i] !== b[i]) return false;
  const rest = bits & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((a[whole]! ^ b[whole]!) & mask) === 0;
}

/** Region of a resolver address (text), memoised: resolvers are few and ask often. */
export class ResolverRegions {
  private readonly cache = new Map<string, string | undefined>();
  constructor(private readonly table: readonly CidrEntry[]) {}

  lookup(address: string): string | undefined {
    if (this.cache.has(address)) return this.cache.get(address);
    const plain = address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
    const v4 = ipv4Bytes(plain);
    const bytes = v4 ?? ipv6Bytes(plain);
    const region = bytes ? matchRegion(this.table, v4 ? 4 : 6, bytes, v4 ? 32 : 128).region : undefined;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(address, region);
    return region;
  }
}
