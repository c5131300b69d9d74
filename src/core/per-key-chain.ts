// Runs async work one at a time per key, in the order it was given (work under other keys runs beside
// it): e.g. an instance's incoming messages, whose first may wait for a download.

export interface PerKeyChain<K> {
  (key: K, work: () => Promise<void>): void;
  /** Resolves when all work given so far has ended. */
  idle(): Promise<void>;
}

export function createPerKeyChain<K>(onError: (error: unknown) => void): PerKeyChain<K> {
  const tails = new Map<K, Promise<void>>();
  const run = ((key: K, work: () => Promise<void>) => {
    const tail = (tails.get(key) ?? Promise.resolve()).then(work).catch(onError);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
  }) as PerKeyChain<K>;
  run.idle = async () => {
    await Promise.all([...tails.values()]);
  };
  return run;
}
