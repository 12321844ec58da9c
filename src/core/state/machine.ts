// A small, listable transition table (architecture.md §3.2): edges `from→to`, each with an
// optional guard (throws the reference's error) and an effect. A procedure's table is the core
// default merged with the procedure's delta; `check()` validates the merged graph at boot.

export interface Edge<C> {
  from: string;
  to: string;
  /** Throws when the move is not allowed now. */
  guard?: (c: C) => void;
  /** Mutates the draft for the move (after the status is set). */
  effect?: (c: C) => void;
}

/** What a procedure changes in a core table: states added or removed, edges added (or replaced) or removed. */
export interface TableDelta<C> {
  /** States this procedure adds. */
  states?: readonly string[];
  /** States this procedure lacks; their edges go with them. */
  removeStates?: readonly string[];
  /** Edges added, or replacing the core edge of the same `from→to` (a hook replacement). */
  add?: readonly Edge<C>[];
  /** `from→to` keys of core edges this procedure lacks. */
  remove?: readonly string[];
}

export class TransitionTable<C> {
  private readonly edges = new Map<string, Edge<C>>();
  readonly states: ReadonlySet<string>;

  constructor(states: readonly string[], edges: readonly Edge<C>[]) {
    this.states = new Set(states);
    for (const e of edges) this.edges.set(`${e.from}→${e.to}`, e);
  }

  find(from: string, to: string): Edge<C> | undefined {
    return this.edges.get(`${from}→${to}`);
  }

  list(): string[] {
    return [...this.edges.keys()];
  }

  /** The edges, in table order. */
  edgeList(): Edge<C>[] {
    return [...this.edges.values()];
  }

  /** A new table: this one with `delta` applied (removals first, then additions). */
  merge(delta: TableDelta<C> = {}): TransitionTable<C> {
    const gone = new Set(delta.removeStates ?? []);
    const edges = new Map([...this.edges].filter(([, e]) => !gone.has(e.from) && !gone.has(e.to)));
    for (const key of delta.remove ?? []) edges.delete(key);
    for (const e of delta.add ?? []) edges.set(`${e.from}→${e.to}`, e);
    const states = [...this.states, ...(delta.states ?? [])].filter((s) => !gone.has(s));
    return new TransitionTable([...new Set(states)], [...edges.values()]);
  }

  /**
   * Problems of the graph: edges naming unknown states, unknown initial states, and states that no
   * path from the initial ones reaches. `extra` adds edges taken by another actor (e.g. the system).
   */
  check(initial: string | readonly string[], extra: readonly TransitionTable<unknown>[] = []): string[] {
    const roots = typeof initial === 'string' ? [initial] : [...initial];
    const states = new Set([...this.states, ...extra.flatMap((t) => [...t.states])]);
    const edges: Array<{ from: string; to: string }> = [...this.edgeList(), ...extra.flatMap((t) => t.edgeList())];
    const problems: string[] = [];
    for (const e of edges) {
      if (!states.has(e.from)) problems.push(`edge ${e.from}→${e.to}: unknown state ${e.from}`);
      if (!states.has(e.to)) problems.push(`edge ${e.from}→${e.to}: unknown state ${e.to}`);
    }
    for (const root of roots) if (!states.has(root)) problems.push(`unknown initial state ${root}`);
    const reached = new Set(roots);
    for (let grew = true; grew; ) {
      grew = false;
      for (const e of edges) {
        if (reached.has(e.from) && !reached.has(e.to)) {
          reached.add(e.to);
          grew = true;
        }
      }
    }
    for (const s of states) if (!reached.has(s)) problems.push(`unreachable state ${s}`);
    return problems;
  }
}
