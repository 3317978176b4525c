// Renders a component that is loaded on first use (the admin area), with a loading state
// and an error with a retry when the chunk cannot be fetched.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Button } from '../ui';

export function LazyMount({ load }: { load: () => Promise<ComponentType> }) {
  const [Loaded, setLoaded] = useState<ComponentType | null>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setFailed(false);
    load().then(
      (component) => live && setLoaded(() => component),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [load, attempt]);
  if (failed)
    return (
      <main class="center-page">
        <div class="card">
          <p>This part of the app could not be loaded.</p>
          <Button onClick={() => setAttempt((a) => a + 1)}>Try again</Button>
        </div>
      </main>
    );
  if (!Loaded) return <div class="loading" aria-busy="true">Loading…</div>;
  return <Loaded />;
}
