// Shows its children only when signed in (loading /me once), else sends to /login with
// the page to come back to. With role="admin", agents get a "not allowed" page.
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { navigate } from '../lib/router';
import { session } from '../lib/session';
import { useMe } from './useMe';

export function RequireSession({ children, role }: { children: ComponentChildren; role?: 'admin' }) {
  const { me, error } = useMe();
  const token = session.token();
  useEffect(() => {
    if (!token) navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
  }, [token]);
  if (!token) return null;
  if (error)
    return (
      <main class="center-page">
        <div class="card">
          <p>{error}</p>
          <button class="btn" onClick={() => location.reload()}>
            Reload
          </button>
        </div>
      </main>
    );
  if (!me) return <div class="loading" aria-busy="true">Loading…</div>;
  if (role === 'admin' && me.role !== 'admin')
    return (
      <main class="center-page">
        <div class="card">
          <h1>Admins only</h1>
          <p class="muted">Your account cannot open the admin area.</p>
          <a href="/app">Back to the app</a>
        </div>
      </main>
    );
  return <>{children}</>;
}
