// Plays a protected recording in the page: the API needs the bearer token, which an
// <audio src> cannot send, so the file is fetched and played from an object URL.
import { useEffect, useState } from 'preact/hooks';
import { describeError, fetchObjectUrl } from '../lib/api';
import { Button } from '../ui';

export function RecordingPlayer({ src, label }: { src: string; label: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [wanted, setWanted] = useState(false);
  useEffect(() => {
    if (!wanted) return undefined;
    const controller = new AbortController();
    let made: string | null = null;
    fetchObjectUrl(src, controller.signal).then(
      (objectUrl) => {
        made = objectUrl;
        setUrl(objectUrl);
      },
      (e) => !controller.signal.aborted && setError(describeError(e)),
    );
    return () => {
      controller.abort();
      if (made) URL.revokeObjectURL(made);
    };
  }, [src, wanted]);
  if (error) return <p class="field-error">The recording could not be loaded: {error}</p>;
  if (!wanted) return <Button onClick={() => setWanted(true)}>▶ Load {label.toLowerCase()}</Button>;
  if (!url) return <p class="muted">Loading {label.toLowerCase()}…</p>;
  return <audio class="recording" controls autoPlay src={url} aria-label={label} />;
}
