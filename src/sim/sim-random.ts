import { mulberry32 } from '../geo/roads/demo-city.js';

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/**
 * A named stream of random numbers: the same seed and names give the same numbers, whatever else the
 * simulation draws meanwhile. Each call, each unit, the arrival process has its own stream, so a change
 * in one (a unit that drove a different way) does not reshuffle all the others.
 * @example randomStream(7, 'call', 42)() // always the same first number for call 42 of seed 7
 */
export function randomStream(seed: number, ...names: readonly (string | number)[]): Random {
  return mulberry32(fnv1a(`${seed}/${names.join('/')}`));
}

/** FNV-1a, 32 bits: spreads similar names ('call/1', 'call/2') to unrelated seeds. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function uniform(random: Random, min: number, max: number): number {
  return min + (max - min) * random();
}

/** An exponentially distributed wait with this mean (the gaps of a Poisson process). */
export function exponential(random: Random, mean: number): number {
  return -Math.log(1 - random()) * mean;
}

/**
 * A log-normal duration: most near the median, a long tail of long ones (how long calls and
 * interventions last). `spread` is the standard deviation of the logarithm (0.5: half of the values
 * within about 0.7 to 1.4 times the median).
 */
export function logNormal(random: Random, median: number, spread: number): number {
  // Box-Muller; 1 - random() keeps the logarithm finite.
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return median * Math.exp(spread * z);
}

export function chance(random: Random, probability: number): boolean {
  return random() < probability;
}

/** One of the items, each as likely as its weight. */
export function pickWeighted<T>(random: Random, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let left = random() * total;
  for (const [item, weight] of items) {
    left -= weight;
    if (left < 0) return item;
  }
  return items[items.length - 1]![0];
}
