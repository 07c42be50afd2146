import { describe, expect, it } from 'vitest';
import { ModuleState, StateKey } from './module-state.js';

describe('a kernel’s module state', () => {
  const counterKey = new StateKey<{ count: number }>('test: a counter');

  it('builds what a key holds at its first read, once, and again after its module took it out', () => {
    const state = new ModuleState();
    let built = 0;
    const create = () => ({ count: (built += 1) });
    const first = state.obtain(counterKey, create);
    expect(state.obtain(counterKey, create)).toBe(first);
    expect(built).toBe(1);
    state.delete(counterKey);
    expect(state.find(counterKey)).toBeUndefined();
    expect(state.obtain(counterKey, create)).toEqual({ count: 2 });
  });

  it('refuses a start that sets what is already held, and a read of what no start set', () => {
    const state = new ModuleState();
    state.obtain(counterKey, () => ({ count: 0 }));
    expect(() => state.set(counterKey, { count: 1 })).toThrow('test: a counter is already held');
    expect(() => new ModuleState().get(counterKey)).toThrow('test: a counter is not there');
  });

  it('keeps two kernels apart', () => {
    const [a, b] = [new ModuleState(), new ModuleState()];
    a.obtain(counterKey, () => ({ count: 1 }));
    expect(b.find(counterKey)).toBeUndefined();
  });
});
