// The live feed kept for the page: the latest events (newest last), and who listens for new ones.

import { useMemo } from 'preact/hooks';
import type { FeedEvent } from './api.js';

export interface Feed {
  events: FeedEvent[];
  push(event: FeedEvent): void;
  listen(listener: (event: FeedEvent) => void): () => void;
}

const kept = 500;

export function useFeed(): Feed {
  return useMemo(() => {
    const listeners = new Set<(event: FeedEvent) => void>();
    const feed: Feed = {
      events: [],
      push(event) {
        feed.events = [...feed.events.slice(-(kept - 1)), event];
        listeners.forEach((listener) => listener(event));
      },
      listen(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    return feed;
  }, []);
}
