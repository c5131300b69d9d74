// A binary min-heap of keyed entries with O(log n) insert, pop and re-prioritise (used to know which
// instance is due to send next without a timer or a poll per instance).

export class KeyedMinHeap<K> {
  private keys: K[] = [];
  private priorities: number[] = [];
  private positions = new Map<K, number>();

  get size(): number {
    return this.keys.length;
  }

  has(key: K): boolean {
    return this.positions.has(key);
  }

  priorityOf(key: K): number | undefined {
    const at = this.positions.get(key);
    return at === undefined ? undefined : this.priorities[at];
  }

  peek(): { key: K; priority: number } | undefined {
    if (this.keys.length === 0) return undefined;
    return { key: this.keys[0] as K, priority: this.priorities[0] as number };
  }

  /** Inserts the key, or moves it to the new priority if present. */
  set(key: K, priority: number): void {
    const at = this.positions.get(key);
    if (at === undefined) {
      this.keys.push(key);
      this.priorities.push(priority);
      this.positions.set(key, this.keys.length - 1);
      this.up(this.keys.length - 1);
      return;
    }
    const old = this.priorities[at] as number;
    this.priorities[at] = priority;
    if (priority < old) this.up(at);
    else this.down(at);
  }

  pop(): { key: K; priority: number } | undefined {
    const top = this.peek();
    if (top) this.delete(top.key);
    return top;
  }

  delete(key: K): void {
    const at = this.positions.get(key);
    if (at === undefined) return;
    const last = this.keys.length - 1;
    this.swap(at, last);
    this.keys.pop();
    this.priorities.pop();
    this.positions.delete(key);
    if (at < this.keys.length) {
      this.up(at);
      this.down(at);
    }
  }

  private up(index: number): void {
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.priorities[parent] as number) <= (this.priorities[i] as number)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(index: number): void {
    let i = index;
    const n = this.keys.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < n && (this.priorities[left] as number) < (this.priorities[smallest] as number)) smallest = left;
      if (right < n && (this.priorities[right] as number) < (this.priorities[smallest] as number)) smallest = right;
      if (smallest === i) break;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  private swap(a: number, b: number): void {
    if (a === b) return;
    const ka = this.keys[a] as K;
    const kb = this.keys[b] as K;
    this.keys[a] = kb;
    this.keys[b] = ka;
    const pa = this.priorities[a] as number;
    this.priorities[a] = this.priorities[b] as number;
    this.priorities[b] = pa;
    this.positions.set(kb, a);
    this.positions.set(ka, b);
  }
}
