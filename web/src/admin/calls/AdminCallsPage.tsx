// Every call, newest first, paged (GET /api/v1/calls): the way in to a call's routing
// trace. The agent app's Calls page has the full R-25 filters; here a phone search.
import { useState } from 'preact/hooks';
import { api } from '../../lib/api';
import { formatDateTime, formatDuration, formatPhone, humanize } from '../../lib/format';
import { navigate } from '../../lib/router';
import type { Call, Page } from '../../lib/types';
import { useAsync } from '../../lib/useAsync';
import { Badge, Button, Field, Table, TextInput } from '../../ui';
import { byId, nameIn, useUsers } from '../adminData';

export function AdminCallsPage() {
  const [phone, setPhone] = useState('');
  const [query, setQuery] = useState('');
  // Pages after the first, for the query they were loaded with.
  const [later, setLater] = useState<{ query: string; items: Call[]; cursor: string | null } | null>(null);
  const users = byId(useUsers().data);
  const first = useAsync((signal) => api.get<Page<Call>>('/api/v1/calls', { limit: 50, phone: query || undefined }, signal), [query]);
  const extra = later?.query === query ? later : null;
  const cursor = extra ? extra.cursor : first.data?.next_cursor ?? null;
  const more = async () => {
    if (!cursor) return;
    const page = await api.get<Page<Call>>('/api/v1/calls', { limit: 50, phone: query || undefined, cursor });
    setLater({ query, items: [...(extra?.items ?? []), ...page.items], cursor: page.next_cursor });
  };
  const rows = [...(first.data?.items ?? []), ...(extra?.items ?? [])];
  return (
    <div class="stack">
      <div class="page-head">
        <div>
          <h1>Calls</h1>
          <p class="muted">Open a call to see how it was routed: who was considered, who rang, who was skipped and why.</p>
        </div>
        <form class="row" onSubmit={(e) => { e.preventDefault(); setQuery(phone.replace(/\D/g, '')); }}>
          <Field label="Phone" id="calls-phone">
            <TextInput id="calls-phone" value={phone} placeholder="Digits of a number" onInput={(e) => setPhone(e.currentTarget.value)} />
          </Field>
          <Button type="submit">Search</Button>
        </form>
      </div>
      {first.error && <p class="field-error" role="alert">{first.error}</p>}
      <Table
        caption="Calls"
        rows={rows}
        rowKey={(c) => c.id}
        onOpen={(c) => navigate(`/admin/calls/${c.id}`)}
        empty={first.loading ? 'Loading…' : 'No calls yet.'}
        columns={[
          { key: 'when', header: 'Started', render: (c) => formatDateTime(c.started_at) },
          { key: 'caller', header: 'Caller', render: (c) => formatPhone(c.caller) },
          { key: 'number', header: 'Number', render: (c) => formatPhone(c.number) },
          { key: 'outcome', header: 'Outcome', render: (c) => <Badge>{humanize(c.outcome)}</Badge> },
          { key: 'who', header: 'Answered by', render: (c) => nameIn(users, c.answered_by_user_id) },
          { key: 'talk', header: 'Talk', align: 'right', render: (c) => formatDuration(c.talk_seconds) },
        ]}
      />
      {cursor && (
        <div class="pager">
          <Button onClick={() => void more()}>Load more</Button>
        </div>
      )}
    </div>
  );
}
