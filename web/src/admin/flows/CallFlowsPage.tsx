// The call flows: each with its steps in a line and the numbers that use it.
import { formatPhone } from '../../lib/format';
import { navigate } from '../../lib/router';
import { Button, Table } from '../../ui';
import type { CallFlowStep } from '../adminTypes';
import { byId, useFlows, useGroups, useNumbers, useUsers } from '../adminData';
import { STEP_LABELS } from './flowSteps';

export function CallFlowsPage() {
  const flows = useFlows();
  const numbers = useNumbers();
  const userList = useUsers();
  const groupList = useGroups();
  const users = byId(userList.data);
  const groups = byId(groupList.data);
  // Until the names load a step reads "…", not "a user" (which would say it was removed).
  const describe = (s: CallFlowStep) =>
    s.type === 'user' ? users.get(s.user_id ?? '')?.name ?? (userList.loading ? '…' : 'a user')
      : s.type === 'group' ? groups.get(s.group_id ?? '')?.name ?? (groupList.loading ? '…' : 'a group')
        : s.type === 'number' ? formatPhone(s.number) : STEP_LABELS[s.type];
  return (
    <div class="stack">
      <div class="page-head">
        <div>
          <h1>Call flows</h1>
          <p class="muted">Ordered steps that say who a call rings and what happens when nobody answers.</p>
        </div>
        <Button variant="primary" onClick={() => navigate('/admin/call-flows/new')}>
          New call flow
        </Button>
      </div>
      {flows.error && <p class="field-error" role="alert">{flows.error}</p>}
      <Table
        caption="Call flows"
        rows={flows.data ?? []}
        rowKey={(f) => f.id}
        onOpen={(f) => navigate(`/admin/call-flows/${f.id}`)}
        empty={flows.loading ? 'Loading…' : 'No call flows yet.'}
        columns={[
          { key: 'name', header: 'Name', render: (f) => <strong>{f.name}</strong> },
          { key: 'steps', header: 'Steps', render: (f) => <span class="step-chain">{f.steps.map(describe).join(' → ') || '—'}</span> },
          {
            key: 'numbers',
            header: 'Numbers',
            render: (f) => (numbers.data ?? []).filter((n) => n.call_flow_id === f.id).map((n) => formatPhone(n.e164)).join(', ') || '—',
          },
        ]}
      />
    </div>
  );
}
