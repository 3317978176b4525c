// The shared page frame for the agent app and the admin area: a top bar (brand,
// sections, the `status` slot where the agent app puts the availability switch, the
// user menu) and the page below it. Sections link with the client router.
import type { ComponentChildren } from 'preact';
import { api } from '../lib/api';
import { Link, navigate, useLocation } from '../lib/router';
import { session } from '../lib/session';
import { Toasts } from '../ui';

export interface NavItem {
  href: string;
  label: string;
  // Also active for paths under these prefixes (e.g. /app/calls/ID under /app/calls).
  match?: string[];
}

interface LayoutProps {
  nav: NavItem[];
  status?: ComponentChildren; // always visible, right of the sections
  banner?: ComponentChildren; // above the page (incoming call notification)
  children: ComponentChildren;
}

function isActive(item: NavItem, path: string): boolean {
  if (path === item.href) return true;
  return (item.match ?? []).some((prefix) => path.startsWith(prefix));
}

export async function signOut(): Promise<void> {
  try {
    await api.post('/api/v1/logout');
  } catch {
    // Signing out locally is what matters.
  }
  session.signedOut();
  navigate('/login');
}

export function Layout({ nav, status, banner, children }: LayoutProps) {
  const { path } = useLocation();
  const me = session.me();
  const name = me?.user?.name ?? 'Admin token';
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class={`topbar${nav.length > 4 ? ' has-many-sections' : ''}`}>
        <Link href="/app" class="brand" aria-label="Switchboard home">
          <span class="brand-mark" aria-hidden="true">
            ☎
          </span>
          <span class="brand-name">Switchboard</span>
        </Link>
        <nav class="sections" aria-label="Sections">
          {nav.map((item) => (
            <Link key={item.href} href={item.href} class={isActive(item, path) ? 'is-active' : undefined}
              aria-current={isActive(item, path) ? 'page' : undefined}>
              {item.label}
            </Link>
          ))}
          {me?.role === 'admin' && !path.startsWith('/admin') && <Link href="/admin">Admin</Link>}
          {path.startsWith('/admin') && me?.user && <Link href="/app">Agent app</Link>}
        </nav>
        <div class="topbar-status">{status}</div>
        <div class="user-menu">
          <span class="user-name" title={me?.user?.email}>
            {name}
          </span>
          <button class="btn btn-ghost btn-sm" title={`Signed in as ${name}`} onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      {banner}
      <main id="main" class="page" tabIndex={-1}>
        {children}
      </main>
      <Toasts />
    </div>
  );
}
