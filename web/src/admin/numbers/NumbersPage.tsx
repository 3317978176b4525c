// The numbers on the trunk: who each rings (assigned user, forwarding, call flow); add,
// edit and remove.
import { useState } from 'preact/hooks';
import { api, describeError } from '../../lib/api';
import { formatPhone } from '../../lib/format';
import { Link } from '../../lib/router';
import { Button, Dialog, Table, toast } from '../../ui';
import type { PhoneNumber } from '../adminTypes';
import { byId, nameIn, useFlows, useNumbers, useUsers } from '../adminData';
import { NumberForm } from './NumberForm';

export function NumbersPage() {
  const numbers = useNumbers();
  const users = useUsers();
  const flows = useFlows();
  const [editing, setEditing] = useState<PhoneNumber | 'new' | null>(null);
  const [removing, setRemoving] = useState<PhoneNumber | null>(null);
  const userMap = byId(users.data);
  const flowMap = byId(flows.data);
  const remove = async () => {
    if (!removing) return;
    try {
      await api.del(`/api/v1/numbers/${removing.id}`);
      toast(`${formatPhone(removing.e164)} removed`, 'good');
      numbers.reload();
    } catch (err) {
      toast(describeError(err), 'bad');
    } finally {
      setRemoving(null);
    }
  };
  const rows = (numbers.data ?? []).slice().sort((a, b) => a.e164.localeCompare(b.e164));
  return (
    <div class="stack">
      <div class="page-head">
        <div>
          <h1>Numbers</h1>
          <p class="muted">A number with a call flow follows it (R-3); without one, default routing (R-2).</p>
        </div>
        <Button variant="primary" onClick={() => setEditing('new')}>
          New number
        </Button>
      </div>
      {numbers.error && <p class="field-error" role="alert">{numbers.error}</p>}
      <Table
        caption="Numbers"
        rows={rows}
        rowKey={(n) => n.id}
        onOpen={(n) => setEditing(n)}
        empty={numbers.loading ? 'Loading…' : 'No numbers yet.'}
        columns={[
          { key: 'number', header: 'Number', render: (n) => <><strong>{formatPhone(n.e164)}</strong>{n.label && <div class="muted">{n.label}</div>}</> },
          { key: 'user', header: 'Assigned user', render: (n) => nameIn(userMap, n.assigned_user_id) },
          { key: 'forwarding', header: 'Forwarding', render: (n) => (n.forwarding_number ? formatPhone(n.forwarding_number) : '—') },
          {
            key: 'flow',
            header: 'Call flow',
            render: (n) =>
              n.call_flow_id ? (
                <Link href={`/admin/call-flows/${n.call_flow_id}`} onClick={(e) => e.stopPropagation()}>
                  {flowMap.get(n.call_flow_id)?.name ?? 'unknown flow'}
                </Link>
              ) : (
                <span class="muted">Default routing</span>
              ),
          },
          {
            key: 'actions',
            header: '',
            align: 'right',
            render: (n) => (
              <Button size="sm" variant="ghost" aria-label={`Remove ${n.e164}`} onKeyDown={(e) => e.stopPropagation()}
                onClick={(e) => { e.stopPropagation(); setRemoving(n); }}>
                Remove
              </Button>
            ),
          },
        ]}
      />
      <Dialog open={editing !== null} title={editing === 'new' ? 'New number' : 'Edit number'} onClose={() => setEditing(null)}>
        {editing !== null && (
          <NumberForm
            key={editing === 'new' ? 'new' : editing.id}
            number={editing === 'new' ? null : editing}
            users={users.data ?? []}
            flows={flows.data ?? []}
            onCancel={() => setEditing(null)}
            onSaved={(saved) => {
              toast(`${formatPhone(saved.e164)} saved`, 'good');
              setEditing(null);
              numbers.reload();
            }}
          />
        )}
      </Dialog>
      <Dialog open={removing !== null} title="Remove this number?" onClose={() => setRemoving(null)}
        actions={<><Button onClick={() => setRemoving(null)}>Keep it</Button><Button variant="danger" onClick={() => void remove()}>Remove</Button></>}>
        <p>Calls to {removing && formatPhone(removing.e164)} will no longer be routed. Past calls keep the number.</p>
      </Dialog>
    </div>
  );
}
