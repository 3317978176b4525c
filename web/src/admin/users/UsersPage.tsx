// The team with live state and roles; opens a user to edit, or adds one.
import { formatPhone } from '../../lib/format';
import { navigate } from '../../lib/router';
import { Badge, Button, Table } from '../../ui';
import { useNumbers, useUsers } from '../adminData';
import { AgentStatusBadge } from '../agentStatus';

export function UsersPage() {
  const users = useUsers();
  const numbers = useNumbers();
  const numberOf = new Map((numbers.data ?? []).map((n) => [n.id, n.e164]));
  const rows = (users.data ?? []).slice().sort((a, b) => a.name.localeCompare(b.name));
  return (
    <div class="stack">
      <div class="page-head">
        <div>
          <h1>Users</h1>
          <p class="muted">{rows.length} people. Open one to change their details, attributes and devices.</p>
        </div>
        <Button variant="primary" onClick={() => navigate('/admin/users/new')}>
          New user
        </Button>
      </div>
      {users.error && <p class="field-error" role="alert">{users.error}</p>}
      <Table
        caption="Users"
        rows={rows}
        rowKey={(u) => u.id}
        onOpen={(u) => navigate(`/admin/users/${u.id}`)}
        empty={users.loading ? 'Loading…' : 'No users yet.'}
        columns={[
          { key: 'name', header: 'Name', render: (u) => <><strong>{u.name}</strong><div class="muted">{u.email}</div></> },
          { key: 'role', header: 'Role', render: (u) => <Badge tone={u.role === 'admin' ? 'info' : 'neutral'}>{u.role === 'admin' ? 'Admin' : 'Agent'}</Badge> },
          { key: 'state', header: 'Now', render: (u) => <AgentStatusBadge state={u.state} /> },
          { key: 'number', header: 'Number', render: (u) => (u.assigned_number_id ? formatPhone(numberOf.get(u.assigned_number_id)) : '—') },
          { key: 'devices', header: 'Registered', align: 'right', render: (u) => u.state?.devices ?? 0 },
          { key: 'cool', header: 'Cool-down', align: 'right', render: (u) => (u.cool_down_seconds === null ? 'default' : `${u.cool_down_seconds} s`) },
        ]}
      />
    </div>
  );
}
