// A small, listable transition table (architecture.md §3.2): edges `from→to`, each with an
// optional guard (throws the reference's error) and an effect. Procedures merge deltas onto
// the core table; `check()` validates the merged graph at boot.

export interface Edge<C> {
  from: string;
  to: string;
  /** Throws when the move is not allowed now. */
  guard?: (c: C) => void;
  /** Mutates the draft for the move (after the status is set). */
  effect?: (c: C) => void;
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

  /** A new table with edges added (or replaced) and removed. */
  merge(delta: { add?: readonly Edge<C>[]; remove?: readonly string[]; states?: readonly string[] }): TransitionTable<C> {
    const edges = new Map(this.edges);
    for (const key of delta.remove ?? []) edges.delete(key);
    for (const e of delta.add ?? []) edges.set(`${e.from}→${e.to}`, e);
    return new TransitionTable([...this.states, ...(delta.states ?? [])], [...edges.values()]);
  }

  /** Problems of the graph: edges naming unknown states, states nothing reaches (besides `initial`). */
  check(initial: string): string[] {
    const problems: string[] = [];
    const reached = new Set([initial]);
    for (const e of this.edges.values()) {
      if (!this.states.has(e.from)) problems.push(`edge ${e.from}→${e.to}: unknown state ${e.from}`);
      if (!this.states.has(e.to)) problems.push(`edge ${e.from}→${e.to}: unknown state ${e.to}`);
      reached.add(e.to);
    }
    if (!this.states.has(initial)) problems.push(`unknown initial state ${initial}`);
    return problems;
  }
}
