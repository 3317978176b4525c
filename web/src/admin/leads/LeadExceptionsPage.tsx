// Lead exceptions (GET /api/v1/lead-exceptions): leads posted for distribution that nobody
// took, with why. The admin gives the lead an owner (which resolves it) or marks it
// resolved; resolved ones stay listed under "Resolved" with who and when.
import { useState } from 'preact/hooks';
import { api, describeError } from '../../lib/api';
import { formatDateTime, formatPhone } from '../../lib/format';
import { Link } from '../../lib/router';
import type { Page } from '../../lib/types';
import { useAsync } from '../../lib/useAsync';
import { Badge, Button, Table, Tabs, toast } from '../../ui';
import { byId, nameIn, useGroups, userOptions, useUsers } from '../adminData';
import { AssignOwner } from './AssignOwner';

export interface LeadException {
  id: string;
  lead: { id: string; name: string; company: string; phones: string[]; owner_user_id: string | null };
  group_id: string | null;
  call_id: string | null;
  reason: string;
  detail: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by_user_id: string | null;
}

type State = 'open' | 'resolved' | 'all';

// What each reason means to an admin.
export const REASONS: Record<string, string> = {
  nobody_eligible: 'Nobody could take it',
  all_declined: 'Everyone declined',
  no_answer: 'Nobody took it in time',
  not_started: 'Distribution did not start',
  failed: 'Distribution failed',
};

function ResolveButton({ exception, onResolved }: { exception: LeadException; onResolved: () => void }) {
  const [busy, setBusy] = useState(false);
  const resolve = async () => {
    setBusy(true);
    try {
      await api.post(`/api/v1/lead-exceptions/${exception.id}/resolve`, {});
      toast(`${exception.lead.name || 'Lead'}: exception resolved`, 'good');
      onResolved();
    } catch (err) {
      toast(describeError(err), 'bad');
    } finally {
      setBusy(false);
    }
  };
  return <Button size="sm" variant="secondary" busy={busy} onClick={() => void resolve()}>Mark resolved</Button>;
}

export function LeadExceptionsPage() {
  const [state, setState] = useState<State>('open');
  const [cursor, setCursor] = useState<string | null>(null);
  const [trail, setTrail] = useState<Array<string | null>>([]);
  const list = useAsync((signal) => api.get<Page<LeadException>>('/api/v1/lead-exceptions', { state, limit: 50, cursor }, signal), [state, cursor]);
  const users = useUsers();
  const groups = useGroups();
  const userMap = byId(users.data);
  const groupMap = byId(groups.data);
  const options = userOptions(users.data);
  const switchTo = (next: string) => { setState(next as State); setTrail([]); setCursor(null); };
  return (
    <div class="stack">
      <div class="page-head">
        <div>
          <h1>Lead exceptions</h1>
          <p class="muted">Leads sent to a group that nobody took. Give each one an owner, or mark it resolved.</p>
        </div>
      </div>
      <Tabs label="Which exceptions" active={state} onChange={switchTo}
        tabs={[{ id: 'open', label: 'Open' }, { id: 'resolved', label: 'Resolved' }, { id: 'all', label: 'All' }]} />
      {list.error && <p class="field-error" role="alert">{list.error}</p>}
      <Table
        caption="Lead exceptions"
        rows={list.data?.items ?? []}
        rowKey={(x) => x.id}
        empty={list.loading ? 'Loading…' : state === 'open' ? 'No open exceptions: every distributed lead was taken.' : 'None.'}
        columns={[
          { key: 'lead', header: 'Lead', render: (x) => <><strong>{x.lead.name || 'No name'}</strong><div class="muted">{x.lead.company}</div></> },
          { key: 'phone', header: 'Phone', render: (x) => x.lead.phones.map(formatPhone).join(', ') || '—' },
          { key: 'reason', header: 'Why', render: (x) => <><Badge tone={x.reason === 'all_declined' ? 'warn' : 'bad'}>{REASONS[x.reason] ?? x.reason}</Badge><div class="muted">{x.detail}</div></> },
          { key: 'group', header: 'Group', render: (x) => (x.group_id ? groupMap.get(x.group_id)?.name ?? 'deleted group' : '—') },
          { key: 'raised', header: 'Raised', render: (x) => formatDateTime(x.created_at) },
          { key: 'call', header: 'Call', render: (x) => (x.call_id
            ? <Link href={`/admin/calls/${x.call_id}`}>Routing trace</Link>
            : '—') },
          { key: 'action', header: 'Owner', render: (x) => (x.resolved_at
            ? <span class="muted">Resolved {formatDateTime(x.resolved_at)}{x.resolved_by_user_id ? ` by ${nameIn(userMap, x.resolved_by_user_id)}` : ''}{x.lead.owner_user_id ? `; owner ${nameIn(userMap, x.lead.owner_user_id)}` : ''}</span>
            : <div class="exception-actions"><AssignOwner lead={x.lead} options={options} onAssigned={list.reload} /><ResolveButton exception={x} onResolved={list.reload} /></div>) },
        ]}
      />
      <div class="pager">
        <Button size="sm" disabled={trail.length === 0} onClick={() => { setCursor(trail[trail.length - 1] ?? null); setTrail(trail.slice(0, -1)); }}>
          Previous
        </Button>
        <Button size="sm" disabled={!list.data?.next_cursor} onClick={() => { setTrail([...trail, cursor]); setCursor(list.data?.next_cursor ?? null); }}>
          Next
        </Button>
      </div>
    </div>
  );
}
