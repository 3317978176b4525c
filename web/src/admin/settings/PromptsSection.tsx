// Settings → Prompts: the announcements calls play (GET /api/v1/prompts), each with a
// player, an upload that replaces it from the next call on (PUT, the WAV file as the body)
// and a way back to the built-in one (DELETE). The player fetches the audio with the bearer
// token into an object URL: an <audio src> cannot send the token.
import { useState } from 'preact/hooks';
import { ApiError, api, describeError } from '../../lib/api';
import { session } from '../../lib/session';
import { useAsync } from '../../lib/useAsync';
import { useObjectUrl } from '../../lib/useObjectUrl';
import { Badge, Button, toast } from '../../ui';
import './prompts.css';

export interface Prompt {
  name: string;
  description: string;
  origin: 'built-in' | 'uploaded';
  duration_ms: number;
  problem: string | null;
}

const MAX_UPLOAD_BYTES = 8 * 1024 * 1024; // the upload route's body limit

const promptPath = (name: string) => `/api/v1/prompts/${encodeURIComponent(name)}`;

// The API client sends JSON; an upload is the file itself as the body.
async function uploadWav(name: string, file: File): Promise<Prompt> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'audio/wav' };
  const token = session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(promptPath(name), { method: 'PUT', headers, body: file });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection.');
  }
  const body = (await response.json().catch(() => null)) as (Prompt & { error?: { code: string; message: string; field?: string } }) | null;
  if (!response.ok) {
    const error = body?.error;
    throw new ApiError(response.status, error?.code ?? 'bad_request', error?.message ?? `${response.status} ${response.statusText}`, error?.field);
  }
  return body as Prompt;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// The prompt's audio as calls hear it; `version` changes when the prompt does.
function PromptPlayer({ name, version }: { name: string; version: number }) {
  const { url, error } = useObjectUrl(`${promptPath(name)}/audio`, true, version);
  if (error) return <p class="field-error">The audio could not be loaded: {error}</p>;
  if (!url) return <p class="muted">Loading audio…</p>;
  return <audio class="prompt-audio" controls preload="metadata" src={url} aria-label={`Listen to ${name}`} />;
}

function PromptRow({ prompt, onChanged }: { prompt: Prompt; onChanged: (next: Prompt | null) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const errorId = `prompt-${prompt.name}-error`;

  const upload = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = ''; // choosing the same file again is a new upload
    if (!file) return;
    setError(null);
    if (file.size > MAX_UPLOAD_BYTES) {
      setError(`${file.name} is larger than 8 MiB.`);
      return;
    }
    setBusy(true);
    try {
      onChanged(await uploadWav(prompt.name, file));
      setVersion((v) => v + 1);
      toast(`${prompt.name} replaced: calls play the upload from now on`, 'good');
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const restore = async () => {
    setError(null);
    setBusy(true);
    try {
      await api.del(promptPath(prompt.name));
      onChanged(null);
      setVersion((v) => v + 1);
      toast(`${prompt.name}: the built-in prompt plays again`, 'good');
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const uploaded = prompt.origin === 'uploaded';
  return (
    <li class="prompt" aria-labelledby={`prompt-${prompt.name}`} aria-busy={busy ? 'true' : undefined}>
      <div class="prompt-head">
        <h3 id={`prompt-${prompt.name}`} class="mono">{prompt.name}</h3>
        <Badge tone={uploaded ? 'info' : 'neutral'}>{uploaded ? 'Uploaded' : 'Built-in'}</Badge>
        <span class="muted" aria-label="Length">{seconds(prompt.duration_ms)}</span>
      </div>
      <p class="muted prompt-description">{prompt.description}</p>
      {prompt.problem && (
        <p class="field-error">The uploaded file on the server is not played: {prompt.problem}</p>
      )}
      <PromptPlayer name={prompt.name} version={version} />
      <div class="prompt-actions">
        <label class={`btn btn-secondary btn-sm file-button${busy ? ' is-busy' : ''}`}>
          Upload WAV
          <input type="file" class="sr-only" accept=".wav,audio/wav,audio/x-wav,audio/wave" aria-label={`Upload ${prompt.name}`}
            aria-describedby={error ? errorId : undefined} disabled={busy} onChange={(e) => upload(e.currentTarget)} />
        </label>
        {uploaded && (
          <Button size="sm" busy={busy} onClick={restore} aria-label={`Restore built-in ${prompt.name}`}>Restore built-in</Button>
        )}
      </div>
      {error && <p id={errorId} class="field-error" role="alert">{error}</p>}
    </li>
  );
}

export function PromptsSection() {
  const loaded = useAsync((signal) => api.get<{ items: Prompt[] }>('/api/v1/prompts', undefined, signal), []);
  const replace = (name: string, next: Prompt | null) => {
    if (!loaded.data) return;
    if (next) loaded.setData({ items: loaded.data.items.map((p) => (p.name === name ? next : p)) });
    else loaded.reload(); // restored: the built-in prompt's length comes from the server
  };
  return (
    <section class="card prompts" aria-labelledby="prompts-heading">
      <h2 id="prompts-heading">Prompts</h2>
      <p class="muted">
        What callers and agents hear (R-9, R-14, R-21). Upload a WAV file (PCM or G.711, mono or stereo, up to 8 MiB) to
        replace a prompt: the next call plays it.
      </p>
      {loaded.error && <p class="field-error" role="alert">{loaded.error}</p>}
      {!loaded.data && !loaded.error && <p class="loading">Loading…</p>}
      {loaded.data && (
        <ul class="prompt-list">
          {loaded.data.items.map((prompt) => (
            <PromptRow key={prompt.name} prompt={prompt} onChanged={(next) => replace(prompt.name, next)} />
          ))}
        </ul>
      )}
    </section>
  );
}
