import { SEED } from "./config";

/** 32-bit FNV-1a hash of a string: turns a stream label into a seed. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const HEX = "0123456789abcdef";
export const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/**
 * Seeded PRNG (mulberry32). Every part of the generator draws from its own
 * labelled stream so that a change in one part does not reshuffle the others.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  static stream(label: string): Rng {
    return new Rng(hashString(`${SEED}:${label}`));
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("Rng.pick: empty list");
    return item;
  }

  /** Picks from `[value, weight]` pairs. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of items) total += weight;
    let roll = this.next() * total;
    for (const [value, weight] of items) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = items[items.length - 1];
    if (last === undefined) throw new Error("Rng.weighted: empty list");
    return last[0];
  }

  /** A count around `mean` (Poisson for small means, rounded normal above). */
  count(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) {
      const u = Math.max(this.next(), 1e-12);
      const gauss = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
      return Math.max(0, Math.round(mean + gauss * Math.sqrt(mean)));
    }
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const a = items[i] as T;
      items[i] = items[j] as T;
      items[j] = a;
    }
    return items;
  }

  chars(alphabet: string, length: number): string {
    let out = "";
    for (let i = 0; i < length; i++)
      out += alphabet.charAt(Math.floor(this.next() * alphabet.length));
    return out;
  }

  hex(length: number): string {
    return this.chars(HEX, length);
  }

  /** A version-4 UUID string. */
  uuid(): string {
    const variant = HEX.charAt(8 + Math.floor(this.next() * 4));
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`;
  }
}
