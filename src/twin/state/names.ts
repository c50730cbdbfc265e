/**
 * Replacement pod names, computed as `nameSuffix` (k8s/expand.ts) computes them — FNV-1a over the
 * seed and over `seed:i` for each of five characters — but folding the hash from saved states
 * instead of rehashing strings: a controller's seeds share the prefix `<workload>#r`, and
 * `seed:i` continues from `seed`. FNV-1a is a left fold, so the result is the same number; a test
 * compares with `nameSuffix`.
 * @module
 */

const SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
export const FNV_OFFSET = 0x811c9dc5;

/** FNV-1a state `h` after also hashing `text` (`fnv32(a + b) === fold(fnv32(a), b)`). */
export function fold(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** `nameSuffix(seed)` from `fnv32(seed)`. */
export function suffixOf(seedHash: number): string {
  let h = seedHash;
  let out = "";
  for (let i = 0; i < 5; i++) {
    out += SAFE_ALPHABET[h % SAFE_ALPHABET.length];
    // fnv32(`${seed}:${i}`): the seed's state, then ':' and the digit.
    let x = seedHash ^ 58;
    x = Math.imul(x, 0x01000193) >>> 0;
    x ^= 48 + i;
    x = Math.imul(x, 0x01000193) >>> 0;
    h = Math.floor(h / SAFE_ALPHABET.length) ^ x;
    h >>>= 0;
  }
  return out;
}
