/**
 * java.util.Random, for States.MathRandom with a seed: AWS runs Java, and its seeded results come
 * from this generator (48-bit linear congruential, Knuth's constants).
 * Hand-written on purpose: no library reproduces Java's exact sequence, and AWS-compatible seeded output needs it.
 */
const MULTIPLIER = 0x5deece66dn;
const ADDEND = 0xbn;
const MASK = (1n << 48n) - 1n;

export class JavaRandom {
  private seed: bigint;
  constructor(seed: bigint) {
    this.seed = (BigInt.asIntN(64, seed) ^ MULTIPLIER) & MASK;
  }

  next(bits: number): number {
    this.seed = (this.seed * MULTIPLIER + ADDEND) & MASK;
    return Number(BigInt.asIntN(32, this.seed >> BigInt(48 - bits)));
  }

  /** A uniform int in [0, bound); bound in [1, 2^31 - 1]. */
  nextInt(bound: number): number {
    let r = this.next(31);
    const m = bound - 1;
    if ((bound & m) === 0) return Number((BigInt(bound) * BigInt(r)) >> 31n);
    for (let u = r; ((u - (r = u % bound) + m) | 0) < 0; u = this.next(31));
    return r;
  }

  nextDouble(): number {
    return (this.next(26) * 0x8000000 + this.next(27)) / 2 ** 53;
  }
}
