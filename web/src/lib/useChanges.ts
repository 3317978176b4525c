// Re-renders a component each time a shared store (the session, the agent's state, the
// softphone link, transfers) says it changed. Effects run after the browser paints, up to
// about 100 ms later in a window in the background (the softphone pop-up), so a change can
// land between the render and the subscription: one re-render on subscribing catches it.
// Without it, the pop-up missed "Transferred to" when the event came in that gap.
import { useEffect, useState } from 'preact/hooks';

export interface Changes {
  subscribe(listener: () => void): () => void;
}

export function useChanges(store: Changes): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    const off = store.subscribe(() => setTick((t) => t + 1));
    setTick((t) => t + 1);
    return off;
  }, [store]);
}
