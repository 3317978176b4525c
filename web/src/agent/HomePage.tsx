// The agent's home: the call in progress with its log, open follow-ups, and recent calls.
import { api } from '../lib/api';
import { formatDateTime, formatDuration, formatPhone } from '../lib/format';
import { Link, navigate } from '../lib/router';
import { session } from '../lib/session';
import type { Call, FollowUp, Page } from '../lib/types';
import { useAsync } from '../lib/useAsync';
import { Badge, Table } from '../ui';
import { useAgentState } from './agentState';
import { OutcomeBadge } from './callBadges';
import { CurrentCall } from './CurrentCall';

export function HomePage() {
  const me = session.me()?.user;
  const { activeCall } = useAgentState();
  const recent = useAsync((signal) => api.get<Page<Call>>('/api/v1/calls', { user: me?.id, limit: 8 }, signal), [me?.id, activeCall?.ended]);
  const followUps = useAsync(
    (signal) => api.get<Page<FollowUp>>('/api/v1/follow-ups', { status: 'open', user: me?.id }, signal),
    [me?.id, activeCall?.ended],
  );
  return (
    <div class="stack">
      <div class="page-head">
        <div>
          <h1>Hello{me ? `, ${me.name.split(' ')[0]}` : ''}</h1>
          <p class="muted">Stay available to take calls; they ring here and on your phones.</p>
        </div>
      </div>
      {activeCall && <CurrentCall call={activeCall} />}
      <div class="grid-2">
        <section>
          <h2>Recent calls</h2>
          <Table<Call>
            caption="Recent calls"
            rows={recent.data?.items ?? []}
            rowKey={(c) => c.id}
            onOpen={(c) => navigate(`/app/calls/${c.id}`)}
            empty={recent.loading ? 'Loading…' : recent.error ?? 'No calls yet.'}
            columns={[
              { key: 'when', header: 'When', render: (c) => formatDateTime(c.started_at) },
              { key: 'caller', header: 'Caller', render: (c) => <span class="mono">{formatPhone(c.caller)}</span> },
              { key: 'outcome', header: 'Outcome', render: (c) => <OutcomeBadge outcome={c.outcome} /> },
              { key: 'talk', header: 'Talk', align: 'right', render: (c) => formatDuration(c.talk_seconds) },
            ]}
          />
          <p><Link href="/app/calls">All calls →</Link></p>
        </section>
        <section>
          <h2>Follow-ups</h2>
          <div class="card list-card">
            {followUps.data?.items.length ? (
              <ul class="plain-list">
                {followUps.data.items.map((f) => (
                  <li key={f.id}>
                    <Link href={f.lead_id ? `/app/leads/${f.lead_id}` : `/app/calls/${f.last_call_id}`}>{formatPhone(f.caller)}</Link>
                    <span class="muted"> · {f.reason === 'voicemail' ? 'left a voicemail' : 'missed'} · {formatDateTime(f.updated_at)}</span>
                    {f.missed_calls > 1 && <Badge tone="warn">{f.missed_calls} calls</Badge>}
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">{followUps.loading ? 'Loading…' : followUps.error ?? 'Nobody is waiting for a call back.'}</p>
            )}
          </div>
        </section>
      </div>
    </div>
  );
}
