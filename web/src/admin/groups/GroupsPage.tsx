// The distribution groups: members, filter, and how many match now.
import { navigate } from '../../lib/router';
import { Button, Table } from '../../ui';
import { byId, useGroups, useUsers } from '../adminData';
import { previewGroup } from './matchPreview';

export function GroupsPage() {
  const groups = useGroups();
  const users = useUsers();
  const userMap = byId(users.data);
  return (
    <div class="stack">
      <div class="page-head">
        <div>
          <h1>Groups</h1>
          <p class="muted">Who a group step rings: members and/or a filter over user and lead attributes.</p>
        </div>
        <Button variant="primary" onClick={() => navigate('/admin/groups/new')}>New group</Button>
      </div>
      {groups.error && <p class="field-error" role="alert">{groups.error}</p>}
      <Table
        caption="Groups"
        rows={groups.data ?? []}
        rowKey={(g) => g.id}
        onOpen={(g) => navigate(`/admin/groups/${g.id}`)}
        empty={groups.loading ? 'Loading…' : 'No groups yet.'}
        columns={[
          { key: 'name', header: 'Name', render: (g) => <strong>{g.name}</strong> },
          {
            key: 'members',
            header: 'Members',
            render: (g) => (g.member_ids.length ? g.member_ids.map((id) => userMap.get(id)?.name ?? 'unknown').join(', ') : <span class="muted">Every user</span>),
          },
          { key: 'filter', header: 'Filter', render: (g) => (g.filter ? <code class="clip">{g.filter}</code> : '—') },
          {
            key: 'now',
            header: 'Could ring now',
            align: 'right',
            render: (g) => {
              const p = previewGroup(g.member_ids, g.filter, users.data ?? [], {});
              return `${p.matches.filter((m) => m.ringsNow).length} of ${p.matches.length}`;
            },
          },
        ]}
      />
      <p class="field-help">"Could ring now" is worked out in this browser, for a caller whose lead has no attributes.</p>
    </div>
  );
}
