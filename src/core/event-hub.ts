// A minimal typed publish/subscribe hub; a listener's failure is reported, never propagated to the publisher.

export interface EventHub<T> {
  publish(event: T): void;
  subscribe(listener: (event: T) => void): () => void;
}

export function createEventHub<T>(onListenerError: (error: unknown) => void = () => {}): EventHub<T> {
  const listeners = new Set<(event: T) => void>();
  return {
    publish(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
