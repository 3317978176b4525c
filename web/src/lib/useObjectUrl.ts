// A protected file (a recording, a prompt's audio) as an object URL: the API needs the
// bearer token, which an <audio src> cannot send, so it is fetched and shown from memory.
// Fetched while `enabled`, again when `key` changes; the URL is revoked when it goes.
import { useEffect, useState } from 'preact/hooks';
import { describeError, fetchObjectUrl } from './api';

export function useObjectUrl(src: string, enabled = true, key: unknown = null): { url: string | null; error: string | null } {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!enabled) return undefined;
    const controller = new AbortController();
    let made: string | null = null;
    setUrl(null);
    setError(null);
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
  }, [src, enabled, key]);
  return { url, error };
}
