// Unassigned leads (GET /api/v1/leads?unassigned=true): leads nobody owns, e.g. from an
// unknown caller or a distribution nobody took; the admin gives each an owner.
import { useState } from 'preact/hooks';
import { api } from '../../lib/api';
import { formatDateTime, formatPhone } from '../../lib/format';
import type { Lead, Page } from '../../lib/types';
import { useAsync } from '../../lib/useAsync';
import { Button, Field, Table, TextInput } from '../../ui';
import { userOptions, useUsers } from '../adminData';
import { AssignOwner } from './AssignOwner';

export function UnassignedLeadsPage() {
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [cursor, setCursor] = useState<string | null>(null);
  const [trail, setTrail] = useState<Array<string | null>>([]);
  const leads = useAsync((signal) => api.get<Page<Lead>>('/api/v1/leads', { unassigned: true, q: query || undefined, limit: 50, cursor }, signal), [query, cursor]);
  const users = useUsers();
  const options = userOptions(users.data);
  return (
    <div class="stack">
      <div class="page-head">
        <div>
          <h1>Unassigned leads</h1>
          <p class="muted">Leads without an owner. Give each one to a salesperson.</p>
        </div>
        <form class="row" onSubmit={(e) => { e.preventDefault(); setTrail([]); setCursor(null); setQuery(q.trim()); }}>
          <Field label="Search" id="leads-q">
            <TextInput id="leads-q" value={q} placeholder="Name, company, email" onInput={(e) => setQ(e.currentTarget.value)} />
          </Field>
          <Button type="submit">Search</Button>
        </form>
      </div>
      {leads.error && <p class="field-error" role="alert">{leads.error}</p>}
      <Table
        caption="Unassigned leads"
        rows={leads.data?.items ?? []}
        rowKey={(l) => l.id}
        empty={leads.loading ? 'Loading…' : 'Every lead has an owner.'}
        columns={[
          { key: 'name', header: 'Lead', render: (l) => <><strong>{l.name || 'No name'}</strong><div class="muted">{[l.title, l.company].filter(Boolean).join(', ')}</div></> },
          { key: 'phone', header: 'Phone', render: (l) => l.phones.map(formatPhone).join(', ') || '—' },
          { key: 'status', header: 'Status', render: (l) => l.status || '—' },
          { key: 'created', header: 'Created', render: (l) => formatDateTime(l.created_at) },
          { key: 'owner', header: 'Owner', render: (l) => <AssignOwner lead={l} options={options} onAssigned={leads.reload} /> },
        ]}
      />
      <div class="pager">
        <Button size="sm" disabled={trail.length === 0} onClick={() => { setCursor(trail[trail.length - 1] ?? null); setTrail(trail.slice(0, -1)); }}>
          Previous
        </Button>
        <Button size="sm" disabled={!leads.data?.next_cursor} onClick={() => { setTrail([...trail, cursor]); setCursor(leads.data?.next_cursor ?? null); }}>
          Next
        </Button>
      </div>
    </div>
  );
}
