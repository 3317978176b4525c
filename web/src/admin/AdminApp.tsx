// The admin area under /admin (its own chunk, loaded on first visit): the shared Layout
// with the admin sections, the event stream for the live board, and the admin pages.
import { useEffect } from 'preact/hooks';
import { Layout, type NavItem } from '../app/Layout';
import { events } from '../lib/events';
import { matchPath, useLocation } from '../lib/router';
import { BoardPage } from './board/BoardPage';
import { AdminCallPage } from './calls/AdminCallPage';
import { AdminCallsPage } from './calls/AdminCallsPage';
import { CallFlowEditor } from './flows/CallFlowEditor';
import { CallFlowsPage } from './flows/CallFlowsPage';
import { GroupEditor } from './groups/GroupEditor';
import { GroupsPage } from './groups/GroupsPage';
import { LeadExceptionsPage } from './leads/LeadExceptionsPage';
import { UnassignedLeadsPage } from './leads/UnassignedLeadsPage';
import { NumbersPage } from './numbers/NumbersPage';
import { SettingsPage } from './settings/SettingsPage';
import { UserPage } from './users/UserPage';
import { UsersPage } from './users/UsersPage';
import './admin.css';

const NAV: NavItem[] = [
  { href: '/admin', label: 'Board' },
  { href: '/admin/users', label: 'Users', match: ['/admin/users/'] },
  { href: '/admin/numbers', label: 'Numbers' },
  { href: '/admin/call-flows', label: 'Call flows', match: ['/admin/call-flows/'] },
  { href: '/admin/groups', label: 'Groups', match: ['/admin/groups/'] },
  { href: '/admin/leads', label: 'Leads' },
  { href: '/admin/lead-exceptions', label: 'Lead exceptions' },
  { href: '/admin/calls', label: 'Calls', match: ['/admin/calls/'] },
  { href: '/admin/settings', label: 'Settings' },
];

function Page({ path }: { path: string }) {
  let params: Record<string, string> | null;
  if (matchPath('/admin', path)) return <BoardPage />;
  if (matchPath('/admin/users', path)) return <UsersPage />;
  if ((params = matchPath('/admin/users/:id', path))) return <UserPage id={params.id} key={params.id} />;
  if (matchPath('/admin/numbers', path)) return <NumbersPage />;
  if (matchPath('/admin/call-flows', path)) return <CallFlowsPage />;
  if ((params = matchPath('/admin/call-flows/:id', path))) return <CallFlowEditor id={params.id} key={params.id} />;
  if (matchPath('/admin/groups', path)) return <GroupsPage />;
  if ((params = matchPath('/admin/groups/:id', path))) return <GroupEditor id={params.id} key={params.id} />;
  if (matchPath('/admin/leads', path)) return <UnassignedLeadsPage />;
  if (matchPath('/admin/lead-exceptions', path)) return <LeadExceptionsPage />;
  if (matchPath('/admin/calls', path)) return <AdminCallsPage />;
  if ((params = matchPath('/admin/calls/:id', path))) return <AdminCallPage id={params.id} key={params.id} />;
  if (matchPath('/admin/settings', path)) return <SettingsPage />;
  return (
    <div class="card">
      <h1>Page not found</h1>
      <p class="muted">Nothing lives at {path}.</p>
    </div>
  );
}

export function AdminApp() {
  const { path } = useLocation();
  useEffect(() => {
    events.start();
    return () => events.stop();
  }, []);
  return (
    <Layout nav={NAV}>
      <div class="admin">
        <Page path={path} />
      </div>
    </Layout>
  );
}
