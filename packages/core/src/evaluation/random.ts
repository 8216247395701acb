/**
 * Seeded pseudo-random numbers. The engine never calls Math.random(): every random stream is derived
 * from an explicit seed, so that the same seed gives the same result on any machine and any number
 * of worker threads.
 *
 * Generator: SplitMix64-seeded xoshiro128** (32-bit state words, fast in JavaScript without BigInt in
 * the hot loop). `streamFor(seed, index)` derives an independent stream for Monte Carlo run `index`.
 */

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export type Random = {
  /** Uniform on [0, 1) with 32 bits of resolution. */
  next(): number;
  /** Uniform integer on [0, n). */
  int(n: number): number;
};

export function createRandom(seed: number, stream = 0): Random {
  const mix = splitmix32((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(stream >>> 0, 0x85ebca77)) >>> 0);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  if ((a | b | c | d) === 0) a = 1;
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  return {
    next: () => nextU32() / 4294967296,
    int: (n: number) => Math.floor((nextU32() / 4294967296) * n),
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** The random stream of Monte Carlo run `index` under `seed`: independent of how runs are split across workers. */
export function streamFor(seed: number, index: number): Random {
  return createRandom(seed, index + 1);
}
