// One call: what happened, its recording, who was offered it and the routing
// trace, and its log.
import { api } from '../lib/api';
import { formatDateTime, formatDuration, formatPhone, humanize } from '../lib/format';
import { Link } from '../lib/router';
import type { CallDetail } from '../lib/types';
import { useAsync } from '../lib/useAsync';
import { Table } from '../ui';
import { OfferBadge, OutcomeBadge } from './callBadges';
import { CallLogForm } from './CallLogForm';
import { nameOf, useTeam } from './directory';
import { RecordingPlayer } from './RecordingPlayer';

export function CallDetailPage({ id }: { id: string }) {
  const call = useAsync((signal) => api.get<CallDetail>(`/api/v1/calls/${encodeURIComponent(id)}`, undefined, signal), [id]);
  const team = useTeam();
  if (call.error) return <div class="card"><h1>Call</h1><p class="field-error">{call.error}</p></div>;
  const c = call.data;
  if (!c) return <div class="loading">Loading…</div>;
  return (
    <div class="stack">
      <div class="page-head">
        <div>
          <p class="muted"><Link href="/app/calls">← Calls</Link></p>
          <h1>Call from {formatPhone(c.caller)}</h1>
          <p class="muted">{formatDateTime(c.started_at)} · to {formatPhone(c.number)}</p>
        </div>
        <OutcomeBadge outcome={c.outcome} />
      </div>
      <div class="grid-2">
        <div class="stack">
          <section class="card">
            <h2>Summary</h2>
            <dl class="kv">
              <dt>Direction</dt><dd>{humanize(c.direction)}</dd>
              <dt>Answered by</dt><dd>{c.answered_by_user_id ? nameOf(team, c.answered_by_user_id) : '—'}</dd>
              <dt>Answered</dt><dd>{formatDateTime(c.answered_at)}</dd>
              <dt>Ended</dt><dd>{formatDateTime(c.ended_at)}{c.end_reason ? ` (${c.end_reason})` : ''}</dd>
              <dt>Talk time</dt><dd>{formatDuration(c.talk_seconds)}</dd>
              <dt>Lead</dt><dd>{c.lead_id ? <Link href={`/app/leads/${c.lead_id}`}>Open lead</Link> : '—'}</dd>
            </dl>
          </section>
          <section class="card">
            <h2>Recording</h2>
            {c.recording_url ? <RecordingPlayer src={c.recording_url} label="Call recording" /> : <p class="muted">This call was not recorded.</p>}
            {c.outcome === 'voicemail' && (
              <>
                <h3 class="spaced">Voicemail</h3>
                <RecordingPlayer src={`/api/v1/calls/${c.id}/voicemail/recording`} label="Voicemail" />
              </>
            )}
          </section>
          <section>
            <h2>Offers</h2>
            <Table
              caption="Offers"
              rows={c.offers}
              rowKey={(o) => o.id}
              empty="Nobody was offered this call."
              columns={[
                { key: 'who', header: 'Agent', render: (o) => nameOf(team, o.user_id) },
                { key: 'status', header: 'Status', render: (o) => <OfferBadge status={o.status} /> },
                { key: 'at', header: 'Rang', render: (o) => formatDateTime(o.created_at) },
                { key: 'reason', header: 'Why', render: (o) => o.reason || '—' },
              ]}
            />
          </section>
          <section>
            <h2>Routing trace</h2>
            <ol class="trace">
              {c.trace.map((t) => (
                <li key={t.seq}>
                  <span class="mono muted">{new Date(t.at).toLocaleTimeString()}</span> <strong>{humanize(t.action)}</strong>
                  {t.user_id && <> · {nameOf(team, t.user_id)}</>}
                  {t.reason && <span class="muted"> · {t.reason}</span>}
                </li>
              ))}
            </ol>
          </section>
        </div>
        <section class="card">
          <h2>Call log</h2>
          <CallLogForm call={c} onSaved={(saved) => call.setData({ ...c, ...saved })} />
        </section>
      </div>
    </div>
  );
}
