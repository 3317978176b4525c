// The top-level routes: /login, the agent app under /app, the softphone pop-up at
// /softphone, and the admin area under /admin (loaded only when visited).
import { useEffect } from 'preact/hooks';
import { matchPath, navigate, useLocation } from '../lib/router';
import { LoginPage } from './LoginPage';
import { RequireSession } from './RequireSession';
import { LazyMount } from './LazyMount';
import { AgentApp } from '../agent/AgentApp';

const loadAdmin = () => import('../admin/AdminApp').then((m) => m.AdminApp);
const loadSoftphone = () => import('../softphone/SoftphoneWindow').then((m) => m.SoftphoneWindow);

export function App() {
  const { path } = useLocation();
  useEffect(() => {
    if (path === '/' || path === '') navigate('/app', { replace: true });
  }, [path]);

  if (matchPath('/login', path)) return <LoginPage />;
  if (matchPath('/softphone', path))
    return (
      <RequireSession>
        <LazyMount load={loadSoftphone} />
      </RequireSession>
    );
  if (matchPath('/admin', path) || matchPath('/admin/*', path))
    return (
      <RequireSession role="admin">
        <LazyMount load={loadAdmin} />
      </RequireSession>
    );
  if (matchPath('/app', path) || matchPath('/app/*', path))
    return (
      <RequireSession>
        <AgentApp />
      </RequireSession>
    );
  return <NotFound />;
}

function NotFound() {
  return (
    <main class="center-page">
      <div class="card">
        <h1>Page not found</h1>
        <p class="muted">There is nothing at {location.pathname}.</p>
        <a href="/app">Go to the app</a>
      </div>
    </main>
  );
}
