// A lead: who they are, their CRM link, the call in progress (on a screen pop), and
// their call activity with recordings, voicemails and follow-ups.
import { api } from '../lib/api';
import { formatDateTime, formatDuration, formatPhone } from '../lib/format';
import { Link, navigate, useLocation } from '../lib/router';
import type { Call, FollowUp, Lead, Page } from '../lib/types';
import { useAsync } from '../lib/useAsync';
import { Badge, Table } from '../ui';
import { useAgentState } from './agentState';
import { OutcomeBadge } from './callBadges';
import { CurrentCall } from './CurrentCall';
import { nameOf, useTeam } from './directory';
import { RecordingPlayer } from './RecordingPlayer';

export function LeadPage({ id }: { id: string }) {
  const { query } = useLocation();
  const { activeCall } = useAgentState();
  const team = useTeam();
  const lead = useAsync((signal) => api.get<Lead>(`/api/v1/leads/${encodeURIComponent(id)}`, undefined, signal), [id]);
  const calls = useAsync((signal) => api.get<Page<Call>>('/api/v1/calls', { lead_id: id, limit: 50 }, signal), [id, activeCall?.ended]);
  const followUps = useAsync(
    (signal) => api.get<Page<FollowUp>>('/api/v1/follow-ups', { limit: 200 }, signal).then((p) => p.items.filter((f) => f.lead_id === id)),
    [id, activeCall?.ended],
  );
  if (lead.error) return <div class="card"><h1>Lead</h1><p class="field-error">{lead.error}</p></div>;
  const l = lead.data;
  if (!l) return <div class="loading">Loading…</div>;
  const poppedCall = query.get('call');
  const voicemails = (calls.data?.items ?? []).filter((c) => c.outcome === 'voicemail');
  return (
    <div class="stack">
      <div class="page-head">
        <div>
          <h1>{l.name || formatPhone(l.phones[0])}</h1>
          <p class="muted">{[l.title, l.company].filter(Boolean).join(' · ') || 'No title or company yet'}</p>
        </div>
        <div class="row">
          <Badge tone="info">{l.status}</Badge>
          {l.crm_url && <a class="btn btn-secondary" href={l.crm_url} target="_blank" rel="noopener noreferrer">Open in CRM ↗</a>}
        </div>
      </div>
      {activeCall && activeCall.callId === poppedCall && <CurrentCall call={activeCall} />}
      <div class="grid-2">
        <div class="stack">
          <section>
            <h2>Call activity</h2>
            <Table<Call>
              caption="Calls with this lead"
              rows={calls.data?.items ?? []}
              rowKey={(c) => c.id}
              onOpen={(c) => navigate(`/app/calls/${c.id}`)}
              empty={calls.loading ? 'Loading…' : calls.error ?? 'No calls with this lead yet.'}
              columns={[
                { key: 'when', header: 'When', render: (c) => formatDateTime(c.started_at) },
                { key: 'outcome', header: 'Outcome', render: (c) => <OutcomeBadge outcome={c.outcome} /> },
                { key: 'agent', header: 'Agent', render: (c) => (c.answered_by_user_id ? nameOf(team, c.answered_by_user_id) : '—') },
                { key: 'talk', header: 'Talk', align: 'right', render: (c) => formatDuration(c.talk_seconds) },
                { key: 'disposition', header: 'Disposition', render: (c) => c.disposition ?? '—' },
                { key: 'notes', header: 'Notes', render: (c) => <span class="clip">{c.notes || '—'}</span> },
              ]}
            />
          </section>
          <section>
            <h2>Voicemails</h2>
            {voicemails.length ? (
              <ul class="plain-list">
                {voicemails.map((c) => (
                  <li key={c.id} class="voicemail">
                    <span>{formatDateTime(c.started_at)}</span>
                    <RecordingPlayer src={`/api/v1/calls/${c.id}/voicemail/recording`} label="Voicemail" />
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">No voicemails.</p>
            )}
          </section>
        </div>
        <div class="stack">
          <section class="card">
            <h2>Details</h2>
            <dl class="kv">
              <dt>Phones</dt><dd>{l.phones.map((p) => <div key={p} class="mono">{formatPhone(p)}</div>)}</dd>
              <dt>Email</dt><dd>{l.email ? <a href={`mailto:${l.email}`}>{l.email}</a> : '—'}</dd>
              <dt>Owner</dt><dd>{l.owner_user_id ? nameOf(team, l.owner_user_id) : 'Unassigned'}</dd>
              <dt>Added</dt><dd>{formatDateTime(l.created_at)}</dd>
              {Object.entries(l.attributes).map(([k, v]) => (
                <><dt key={`k-${k}`}>{k}</dt><dd key={`v-${k}`}>{typeof v === 'string' ? v : JSON.stringify(v)}</dd></>
              ))}
            </dl>
          </section>
          <section class="card">
            <h2>Follow-ups</h2>
            {followUps.data?.length ? (
              <ul class="plain-list">
                {followUps.data.map((f) => (
                  <li key={f.id}>
                    <Badge tone={f.status === 'open' ? 'warn' : 'good'}>{f.status === 'open' ? 'Call back' : 'Done'}</Badge>{' '}
                    {f.reason === 'voicemail' ? 'Voicemail' : 'Missed call'} · {formatDateTime(f.updated_at)}
                    {f.missed_calls > 1 && <span class="muted"> · {f.missed_calls} calls</span>}{' '}
                    <Link href={`/app/calls/${f.last_call_id}`}>last call</Link>
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">{followUps.loading ? 'Loading…' : 'No follow-ups.'}</p>
            )}
          </section>
        </div>
      </div>
    </div>
  );
}
