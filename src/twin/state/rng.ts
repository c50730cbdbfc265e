/**
 * The seeded random source of the twin. kube-scheduler breaks score ties with `rand.Intn`
 * (reservoir sampling in `selectHost`) and picks the preemption dry-run offset at random; the twin
 * does the same with a small PRNG (sfc32) whose whole state is four numbers, so a snapshot can
 * save and restore it and the same seed always gives the same placement.
 * @module
 */

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed | 0;
    for (let i = 0; i < 15; i++) this.next();
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    const a = this.a;
    const b = this.b;
    const c = this.c;
    const d = this.d;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    const r = (c << 21) | (c >>> 11);
    this.c = (r + t) | 0;
    return t >>> 0;
  }

  /** `rand.Intn(n)`: uniform in [0, n). */
  intn(n: number): number {
    return n <= 1 ? 0 : this.next() % n;
  }

  save(): [number, number, number, number] {
    return [this.a, this.b, this.c, this.d];
  }

  load(s: readonly [number, number, number, number]): void {
    [this.a, this.b, this.c, this.d] = s;
  }
}
