// The agent app under /app: the shared layout with the availability switch and the
// softphone status always visible, the incoming call notification over every page, the
// event stream and the screen pop, and the agent's pages.
import { useEffect } from 'preact/hooks';
import { Layout, type NavItem } from '../app/Layout';
import { refreshMe, useMe } from '../app/useMe';
import { events } from '../lib/events';
import { matchPath, useLocation } from '../lib/router';
import { agentState } from './agentState';
import { AvailabilitySwitch } from './AvailabilitySwitch';
import { CallDetailPage } from './CallDetailPage';
import { CallsPage } from './CallsPage';
import { HomePage } from './HomePage';
import { IncomingCalls } from './IncomingCall';
import { LeadPage } from './LeadPage';
import { PreferencesPage } from './PreferencesPage';
import { transfers } from '../transfer/transfers';
import { startScreenPop } from './screenPop';
import { SoftphoneStatus } from './SoftphoneStatus';
import { UnknownCallerPage } from './UnknownCallerPage';
import './incoming.css';
import './pages.css';

const NAV: NavItem[] = [
  { href: '/app', label: 'Home' },
  { href: '/app/calls', label: 'Calls', match: ['/app/calls/'] },
  { href: '/app/preferences', label: 'Preferences' },
];

function Page({ path }: { path: string }) {
  let params: Record<string, string> | null;
  if (matchPath('/app', path)) return <HomePage />;
  if (matchPath('/app/calls', path)) return <CallsPage />;
  if ((params = matchPath('/app/calls/:id', path))) return <CallDetailPage id={params.id} />;
  if ((params = matchPath('/app/leads/:id', path))) return <LeadPage id={params.id} />;
  if (matchPath('/app/incoming', path)) return <UnknownCallerPage />;
  if (matchPath('/app/preferences', path)) return <PreferencesPage />;
  return (
    <div class="card">
      <h1>Page not found</h1>
      <p class="muted">Nothing lives at {path}.</p>
    </div>
  );
}

export function AgentApp() {
  const { path } = useLocation();
  const { me } = useMe();
  useEffect(() => {
    if (me) agentState.fromMe(me);
  }, [me]);
  useEffect(() => {
    if (!me) return undefined;
    agentState.attach(me);
    transfers.attach(me.user?.id ?? null);
    events.start();
    const offResync = events.onResync(() => void refreshMe());
    const offPop = startScreenPop();
    return () => {
      offResync();
      offPop();
      agentState.detach();
      transfers.detach();
      events.stop();
    };
    // Attach once per signed-in user.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [me?.user?.id]);
  return (
    <Layout nav={NAV} status={<><SoftphoneStatus /><AvailabilitySwitch /></>} banner={<IncomingCalls />}>
      <Page path={path} />
    </Layout>
  );
}
