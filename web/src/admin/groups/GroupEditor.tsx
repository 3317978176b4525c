// Create or edit a distribution group: its members in order (sequential rings them
// so; none means every user) and a filter over user and lead attributes, with the
// "who matches now" preview beside it.
import { useEffect, useState } from 'preact/hooks';
import { api, describeError } from '../../lib/api';
import { Link, navigate } from '../../lib/router';
import { useAsync } from '../../lib/useAsync';
import { Button, Dialog, Field, Select, TextInput, toast } from '../../ui';
import type { Group } from '../adminTypes';
import { byId, userOptions, useUsers } from '../adminData';
import { useFieldErrors } from '../formErrors';
import { MatchPreview } from './MatchPreview';

export function GroupEditor({ id }: { id: string }) {
  const creating = id === 'new';
  const loaded = useAsync((signal) => (creating ? Promise.resolve(null) : api.get<Group>(`/api/v1/groups/${encodeURIComponent(id)}`, undefined, signal)), [id]);
  const users = useUsers();
  const [name, setName] = useState('');
  const [members, setMembers] = useState<string[]>([]);
  const [filter, setFilter] = useState('');
  const [adding, setAdding] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const errors = useFieldErrors();
  useEffect(() => {
    setName(loaded.data?.name ?? '');
    setMembers(loaded.data?.member_ids ?? []);
    setFilter(loaded.data?.filter ?? '');
  }, [loaded.data]);
  const userMap = byId(users.data);

  const move = (index: number, by: -1 | 1) => {
    const to = index + by;
    if (to < 0 || to >= members.length) return;
    const next = members.slice();
    [next[index], next[to]] = [next[to], next[index]];
    setMembers(next);
    const moved = members[index];
    requestAnimationFrame(() => document.getElementById(`member-${moved}-${by < 0 ? 'up' : 'down'}`)?.focus());
  };

  const save = async (e: Event) => {
    e.preventDefault();
    errors.clear();
    setBusy(true);
    const body = { name: name.trim(), member_ids: members, filter: filter.trim() };
    try {
      const saved = creating ? await api.post<Group>('/api/v1/groups', body) : await api.patch<Group>(`/api/v1/groups/${id}`, body);
      toast(`${saved.name} saved`, 'good');
      if (creating) navigate(`/admin/groups/${saved.id}`);
      else loaded.setData(saved);
    } catch (err) {
      const field = errors.capture(err, ['name', 'member_ids', 'filter']);
      if (field) document.getElementById(`group-${field}`)?.focus();
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setConfirmDelete(false);
    try {
      await api.del(`/api/v1/groups/${id}`);
      toast('Group removed', 'good');
      navigate('/admin/groups');
    } catch (err) {
      toast(describeError(err), 'bad');
    }
  };

  if (loaded.error) return <div class="card"><h1>Group</h1><p class="field-error">{loaded.error}</p></div>;
  if (!creating && !loaded.data) return <div class="loading">Loading…</div>;
  const available = userOptions(users.data).filter((o) => !members.includes(o.value));
  return (
    <form class="stack" onSubmit={save} noValidate aria-label="Group">
      <div class="page-head">
        <div>
          <p class="muted"><Link href="/admin/groups">← Groups</Link></p>
          <h1>{creating ? 'New group' : loaded.data!.name}</h1>
        </div>
        <div class="row">
          {!creating && <Button variant="ghost" onClick={() => setConfirmDelete(true)}>Delete</Button>}
          <Button type="submit" variant="primary" busy={busy}>{creating ? 'Create group' : 'Save group'}</Button>
        </div>
      </div>
      <div class="grid-2">
        <div class="stack">
          <section class="card">
            <Field label="Name" id="group-name" error={errors.of('name')}>
              <TextInput id="group-name" value={name} required onInput={(e) => setName(e.currentTarget.value)} />
            </Field>
            <Field label="Filter" id="group-filter" error={errors.of('filter')}
              help={<>Over user and lead attributes, e.g. <code>user.states contains lead.state and user.languages contains "es"</code>. Empty: no filter.</>}>
              <textarea id="group-filter" class="input mono" rows={3} value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
            </Field>
          </section>
          <section class="card" aria-labelledby="members-title">
            <h2 id="members-title">Members</h2>
            <p class="field-help">In order: the sequential strategy rings them so. No members: every user is in the group (the filter still applies).</p>
            <ol class="member-list" id="group-member_ids" tabIndex={-1}>
              {members.map((memberId, index) => (
                <li key={memberId} class="row">
                  <span class="step-number" aria-hidden="true">{index + 1}</span>
                  <span>{userMap.get(memberId)?.name ?? `unknown user ${memberId}`}</span>
                  <span class="spacer" />
                  <Button size="sm" variant="ghost" id={`member-${memberId}-up`} aria-label={`Move ${userMap.get(memberId)?.name ?? memberId} up`}
                    disabled={index === 0} onClick={() => move(index, -1)}>↑</Button>
                  <Button size="sm" variant="ghost" id={`member-${memberId}-down`} aria-label={`Move ${userMap.get(memberId)?.name ?? memberId} down`}
                    disabled={index === members.length - 1} onClick={() => move(index, 1)}>↓</Button>
                  <Button size="sm" variant="ghost" aria-label={`Remove ${userMap.get(memberId)?.name ?? memberId}`}
                    onClick={() => setMembers(members.filter((m) => m !== memberId))}>Remove</Button>
                </li>
              ))}
            </ol>
            {errors.of('member_ids') && <p class="field-error" role="alert">{errors.of('member_ids')}</p>}
            <div class="row">
              <Select aria-label="User to add" value={adding} placeholder="Choose a user" options={available} onChange={(e) => setAdding(e.currentTarget.value)} />
              <Button disabled={!adding} onClick={() => { setMembers([...members, adding]); setAdding(''); }}>Add member</Button>
            </div>
            {errors.errors.general && <p class="field-error" role="alert">{errors.errors.general}</p>}
          </section>
        </div>
        <MatchPreview memberIds={members} filter={filter} users={users.data ?? []} />
      </div>
      <Dialog open={confirmDelete} title="Delete this group?" onClose={() => setConfirmDelete(false)}
        actions={<><Button onClick={() => setConfirmDelete(false)}>Keep it</Button><Button variant="danger" onClick={() => void remove()}>Delete</Button></>}>
        <p>Call flow steps that ring this group will be skipped.</p>
      </Dialog>
    </form>
  );
}
