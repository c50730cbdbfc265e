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
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    let { a, b, c, d } = this;
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    return t;
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
