/**
 * DNS wire-format constants and name helpers (RFC 1035 §3–4, RFC 6891 EDNS0, RFC 7871 ECS).
 * Names inside the server are kept as their lower-cased *wire form* in a latin1 string
 * (`\x04shop\x07example\x03com\x00`), so a query's name can be looked up without building a dotted
 * string, and a parent is a suffix found by skipping one label.
 * @module
 */

export const TYPE = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, OPT: 41, IXFR: 251, AXFR: 252, ANY: 255 } as const;
export const CLASS_IN = 1;
export const CLASS_ANY = 255;
export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5, BADVERS: 16 } as const;
export const OPCODE_QUERY = 0;
export const EDNS_OPTION_ECS = 8;

const TYPE_NAMES = new Map<number, string>(Object.entries(TYPE).map(([k, v]) => [v, k]));
const RCODE_NAMES = new Map<number, string>(Object.entries(RCODE).map(([k, v]) => [v, k]));

/** `A`, `AAAA`, … or `TYPE123` (RFC 3597 notation) for types without a mnemonic here. */
export function typeName(type: number): string {
  return TYPE_NAMES.get(type) ?? `TYPE${type}`;
}

export function rcodeName(rcode: number): string {
  return RCODE_NAMES.get(rcode) ?? `RCODE${rcode}`;
}

/** Parses `A`, `aaaa`, `TYPE28` or `28` into a type number; undefined when it is none of these. */
export function parseType(text: string): number | undefined {
  const up = text.toUpperCase();
  const known = (TYPE as Record<string, number>)[up];
  if (known !== undefined) return known;
  const m = /^(?:TYPE)?([0-9]{1,5})$/.exec(up);
  if (m && Number(m[1]) <= 65535) return Number(m[1]);
  return undefined;
}

/**
 * Lower-cased wire form of a dotted name (`Shop.Example.com.` → `\x04shop\x07example\x03com\x00`).
 * Throws for labels longer than 63 bytes or names longer than 255 bytes: callers validate configs.
 */
export function toWireKey(dotted: string): string {
  const trimmed = dotted.endsWith(".") ? dotted.slice(0, -1) : dotted;
  if (trimmed === "") return "\0";
  let out = "";
  for (const label of trimmed.split(".")) {
    if (label.length === 0 || label.length > 63) throw new Error(`invalid label "${label}" in DNS name "${dotted}"`);
    out += String.fromCharCode(label.length) + label.toLowerCase();
  }
  out += "\0";
  if (out.length > 255) throw new Error(`DNS name "${dotted}" is longer than 255 bytes`);
  return out;
}

/** Dotted form of a wire key, without the trailing dot (`.` for the root). */
export function fromWireKey(key: string): string {
  const labels: string[] = [];
  let i = 0;
  while (i < key.length) {
    const len = key.charCodeAt(i);
    if (len === 0) break;
    labels.push(escapeLabel(key.slice(i + 1, i + 1 + len)));
    i += 1 + len;
  }
  return labels.length === 0 ? "." : labels.join(".");
}

/** The wire key of the parent (one label less); undefined for the root. */
export function parentKey(key: string): string | undefined {
  const len = key.charCodeAt(0);
  if (len === 0) return undefined;
  return key.slice(1 + len);
}

/** True when `key` equals `zone` or lies below it. */
export function isInZone(key: string, zone: string): boolean {
  if (!key.endsWith(zone)) return false;
  if (key.length === zone.length) return true;
  // The suffix must start at a label boundary.
  let i = 0;
  while (i < key.length - zone.length) i += 1 + key.charCodeAt(i);
  return i === key.length - zone.length;
}

function escapeLabel(label: string): string {
  let out = "";
  for (let i = 0; i < label.length; i++) {
    const c = label.charCodeAt(i);
    if (c === 0x2e || c === 0x5c) out += `\\${label[i]}`;
    else if (c < 0x21 || c > 0x7e) out += `\\${String(c).padStart(3, "0")}`;
    else out += label[i];
  }
  return out;
}

/** IPv4 text → 4 bytes; undefined when malformed. */
export function ipv4Bytes(ip: string): Uint8Array | undefined {
  const parts = ip.split(".");
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^[0-9]{1,3}$/.test(p) || Number(p) > 255) return undefined;
    out[i] = Number(p);
  }
  return out;
}

/** IPv6 text (with `::` and an optional dotted IPv4 tail) → 16 bytes; undefined when malformed. */
export function ipv6Bytes(ip: string): Uint8Array | undefined {
  let text = ip;
  const zone = text.indexOf("%");
  if (zone >= 0) text = text.slice(0, zone);
  let tail: Uint8Array | undefined;
  const lastColon = text.lastIndexOf(":");
  if (text.includes(".")) {
    tail = ipv4Bytes(text.slice(lastColon + 1));
    if (!tail) return undefined;
    text = `${text.slice(0, lastColon + 1)}${((tail[0]! << 8) | tail[1]!).toString(16)}:${((tail[2]! << 8) | tail[3]!).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] === "" ? [] : halves[0]!.split(":");
  const rest = halves.length === 2 ? (halves[1] === "" ? [] : halves[1]!.split(":")) : [];
  const groups = halves.length === 2 ? [...head, ...Array<string>(8 - head.length - rest.length).fill("0"), ...rest] : head;
  if (groups.length !== 8 || (halves.length === 2 && head.length + rest.length > 7)) return undefined;
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    const g = groups[i]!;
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    const v = parseInt(g, 16);
    out[i * 2] = v >> 8;
    out[i * 2 + 1] = v & 0xff;
  }
  return out;
}

/** 4 or 16 bytes → canonical text (RFC 5952 for IPv6). */
export function ipText(bytes: Uint8Array): string {
  if (bytes.length === 4) return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}
