/**
 * A binary min-heap of (key, node) pairs on typed arrays: pushing and popping allocate nothing once
 * the arrays are large enough. No decrease-key: a search pushes a node again when it finds it
 * nearer, and skips the stale entry when it pops it (cheaper than tracking positions).
 */
export class MinHeap {
  private keys: Float64Array;
  private values: Uint32Array;
  size = 0;

  constructor(capacity = 1_024) {
    this.keys = new Float64Array(Math.max(1, capacity));
    this.values = new Uint32Array(Math.max(1, capacity));
  }

  clear(): void {
    this.size = 0;
  }

  push(key: number, value: number): void {
    if (this.size === this.keys.length) this.grow();
    const { keys, values } = this;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      keys[i] = keys[parent]!;
      values[i] = values[parent]!;
      i = parent;
    }
    keys[i] = key;
    values[i] = value;
  }

  /** The smallest key (Infinity when empty). */
  peekKey(): number {
    return this.size === 0 ? Infinity : this.keys[0]!;
  }

  /** Removes the entry with the smallest key and returns its value; read `peekKey()` first for the key. */
  pop(): number {
    const { keys, values } = this;
    const top = values[0]!;
    const last = --this.size;
    if (last > 0) {
      const key = keys[last]!;
      const value = values[last]!;
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= last) break;
        if (child + 1 < last && keys[child + 1]! < keys[child]!) child += 1;
        if (keys[child]! >= key) break;
        keys[i] = keys[child]!;
        values[i] = values[child]!;
        i = child;
      }
      keys[i] = key;
      values[i] = value;
    }
    return top;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const values = new Uint32Array(this.values.length * 2);
    keys.set(this.keys);
    values.set(this.values);
    this.keys = keys;
    this.values = values;
  }
}
