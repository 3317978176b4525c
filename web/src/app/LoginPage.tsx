// Sign in with email and password (POST /api/v1/login); then back to the page asked for.
import { useState } from 'preact/hooks';
import { ApiError, api, describeError } from '../lib/api';
import { navigate } from '../lib/router';
import { session } from '../lib/session';
import type { LoginAnswer } from '../lib/types';
import { Button, Field, TextInput } from '../ui';
import { refreshMe } from './useMe';

function nextPage(): string {
  const next = new URLSearchParams(location.search).get('next') ?? '';
  // Only paths in this app, never another origin.
  return next.startsWith('/') && !next.startsWith('//') ? next : '/app';
}

export function LoginPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await api.post<LoginAnswer>('/api/v1/login', { email, password });
      session.signedIn(answer);
      await refreshMe();
      navigate(nextPage(), { replace: true });
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 401
          ? 'That email and password do not match an account.'
          : err instanceof ApiError && err.status === 429
            ? 'Too many tries. Wait a little and try again.'
            : describeError(err),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="center-page">
      <div class="card login">
        <h1>Sign in to Switchboard</h1>
        <p class="muted">Take your calls in the browser.</p>
        <form onSubmit={submit} noValidate>
          <Field label="Email" id="login-email">
            <TextInput id="login-email" type="email" name="email" autoComplete="username" value={email}
              onInput={(e) => setEmail(e.currentTarget.value)} required autoFocus />
          </Field>
          <Field label="Password" id="login-password" error={error}>
            <TextInput id="login-password" type="password" name="password" autoComplete="current-password"
              value={password} onInput={(e) => setPassword(e.currentTarget.value)} required />
          </Field>
          <Button type="submit" variant="primary" size="lg" busy={busy}>
            Sign in
          </Button>
        </form>
      </div>
    </main>
  );
}
