// Plays a protected recording in the page: the API needs the bearer token, which an
// <audio src> cannot send, so the file is fetched and played from an object URL.
import { useState } from 'preact/hooks';
import { useObjectUrl } from '../lib/useObjectUrl';
import { Button } from '../ui';

export function RecordingPlayer({ src, label }: { src: string; label: string }) {
  const [wanted, setWanted] = useState(false);
  const { url, error } = useObjectUrl(src, wanted);
  if (error) return <p class="field-error">The recording could not be loaded: {error}</p>;
  if (!wanted) return <Button onClick={() => setWanted(true)}>▶ Load {label.toLowerCase()}</Button>;
  if (!url) return <p class="muted">Loading {label.toLowerCase()}…</p>;
  return <audio class="recording" controls autoPlay src={url} aria-label={label} />;
}
