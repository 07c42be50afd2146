/**
 * Names one piece of a module's in-memory state; its type says what the piece holds, so a reader gets
 * the right type back without a cast.
 * @example export const unitIndexKey = new StateKey<UnitIndex>('units: unit index');
 */
export class StateKey<T> {
  declare private readonly holds: T;
  constructor(readonly name: string) {}
}

/**
 * What the modules of one kernel keep in memory, put there by their `start` and taken out by their
 * `stop`. It belongs to the kernel, not to a module file: two kernels in one process (tests, the
 * simulator beside its centre) never see each other's state, and everything held is listed in
 * docs/architecture.md, since nodes of a cluster will have to share or rebuild it.
 */
export class ModuleState {
  private readonly held = new Map<StateKey<unknown>, unknown>();

  /** Holds `value` under `key`; a second `set` of the same key is a module started twice. */
  set<T>(key: StateKey<T>, value: T): void {
    if (this.held.has(key)) throw new Error(`${key.name} is already held: a module was started twice on one kernel`);
    this.held.set(key, value);
  }

  /** What `key` holds; throws when its module was not started on this kernel. */
  get<T>(key: StateKey<T>): T {
    if (!this.held.has(key)) throw new Error(`${key.name} is not there: its module was not started on this kernel (AmaneModule.start)`);
    return this.held.get(key) as T;
  }

  /**
   * What `key` holds, made by `create` at the first read when nothing is held yet: for state that can be
   * built at any time from the database (a cache, a tracker read from the rows), so a service used
   * before its module's `start` (a test, a command-line task) builds it then. Its module's `stop` still
   * takes it out.
   */
  obtain<T>(key: StateKey<T>, create: () => NoInfer<T>): T {
    if (this.held.has(key)) return this.held.get(key) as T;
    const value = create();
    this.held.set(key, value);
    return value;
  }

  /** What `key` holds, if anything (for a module's own `stop`). */
  find<T>(key: StateKey<T>): T | undefined {
    return this.held.get(key) as T | undefined;
  }

  delete(key: StateKey<unknown>): void {
    this.held.delete(key);
  }
}
