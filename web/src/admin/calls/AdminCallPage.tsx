// One call for the admin: what happened, the offers, and the routing trace as a
// timeline (RoutingTimeline).
import { api } from '../../lib/api';
import { formatDateTime, formatDuration, formatPhone, humanize } from '../../lib/format';
import { Link } from '../../lib/router';
import type { CallDetail } from '../../lib/types';
import { useAsync } from '../../lib/useAsync';
import { Badge, Button } from '../../ui';
import { byId, nameIn, useUsers } from '../adminData';
import { RoutingTimeline } from '../RoutingTimeline';

export function AdminCallPage({ id }: { id: string }) {
  const call = useAsync((signal) => api.get<CallDetail>(`/api/v1/calls/${encodeURIComponent(id)}`, undefined, signal), [id]);
  const users = byId(useUsers().data);
  if (call.error) return <div class="card"><h1>Call</h1><p class="field-error">{call.error}</p></div>;
  const c = call.data;
  if (!c) return <div class="loading">Loading…</div>;
  return (
    <div class="stack">
      <div class="page-head">
        <div>
          <p class="muted"><Link href="/admin/calls">← Calls</Link></p>
          <h1>Call from {formatPhone(c.caller)}</h1>
          <p class="muted">
            {formatDateTime(c.started_at)} · to {formatPhone(c.number)} · {humanize(c.direction)}
          </p>
        </div>
        <div class="row">
          <Badge>{humanize(c.outcome)}</Badge>
          <Button size="sm" onClick={call.reload}>Refresh</Button>
        </div>
      </div>
      <div class="grid-2">
        <section class="card" aria-labelledby="trace-title">
          <h2 id="trace-title">Routing trace</h2>
          <RoutingTimeline trace={c.trace} offers={c.offers} startedAt={c.started_at} nameOf={(uid) => nameIn(users, uid)} />
        </section>
        <section class="card">
          <h2>Summary</h2>
          <dl class="kv">
            <dt>Answered by</dt><dd>{nameIn(users, c.answered_by_user_id)}</dd>
            <dt>Answered</dt><dd>{formatDateTime(c.answered_at)}</dd>
            <dt>Ended</dt><dd>{formatDateTime(c.ended_at)}{c.end_reason ? ` (${c.end_reason})` : ''}</dd>
            <dt>Talk time</dt><dd>{formatDuration(c.talk_seconds)}</dd>
            <dt>Disposition</dt><dd>{c.disposition ?? '—'}</dd>
            <dt>Sentiment</dt><dd>{c.sentiment ?? '—'}</dd>
            <dt>Recording</dt><dd>{c.recording_url ? 'Yes' : 'No'}</dd>
          </dl>
        </section>
      </div>
    </div>
  );
}
