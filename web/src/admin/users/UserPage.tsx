// Create or edit a user (/admin/users/new, /admin/users/:id): name, email, role,
// password, phone numbers (ring-through, caller ID, the numbers assigned to them),
// answer methods, attributes and personal cool-down; then their devices.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../lib/api';
import { formatPhone } from '../../lib/format';
import { Link, navigate } from '../../lib/router';
import type { DeviceKind, Role, UserWithState } from '../../lib/types';
import { useAsync } from '../../lib/useAsync';
import { Button, Field, Select, TextInput, toast } from '../../ui';
import { useNumbers } from '../adminData';
import { AgentStatusBadge } from '../agentStatus';
import { useFieldErrors } from '../formErrors';
import { attributesOf, rowsOf, type AttributeRow } from './attributes';
import { AttributesEditor } from './AttributesEditor';
import { DevicesPanel } from './DevicesPanel';

const FIELDS = ['name', 'email', 'role', 'password', 'ring_through_number', 'caller_id', 'cool_down_seconds', 'answer_methods', 'attributes'];
const METHODS: Array<{ kind: DeviceKind; label: string }> = [
  { kind: 'browser', label: 'Browser softphone' },
  { kind: 'sip', label: 'SIP phones' },
  { kind: 'ring_through', label: 'Ring-through number' },
];

interface Draft {
  name: string;
  email: string;
  role: Role;
  password: string;
  ring_through_number: string;
  caller_id: string;
  cool_down: string; // empty: the organization's default
  answer_methods: DeviceKind[];
  attributes: AttributeRow[];
}

function draftOf(user: UserWithState | null): Draft {
  return {
    name: user?.name ?? '',
    email: user?.email ?? '',
    role: user?.role ?? 'agent',
    password: '',
    ring_through_number: user?.ring_through_number ?? '',
    caller_id: user?.caller_id ?? '',
    cool_down: user?.cool_down_seconds === null || user?.cool_down_seconds === undefined ? '' : String(user.cool_down_seconds),
    answer_methods: user?.answer_methods ?? ['browser', 'sip', 'ring_through'],
    attributes: rowsOf(user?.attributes ?? {}),
  };
}

// The body to send: on create everything given, on edit only what changed.
function bodyOf(draft: Draft, user: UserWithState | null, attributes: Record<string, unknown>): Record<string, unknown> {
  const coolDown = draft.cool_down.trim() === '' ? null : Number(draft.cool_down);
  const all: Record<string, unknown> = {
    name: draft.name.trim(),
    email: draft.email.trim(),
    role: draft.role,
    ring_through_number: draft.ring_through_number.trim(),
    caller_id: draft.caller_id.trim(),
    cool_down_seconds: coolDown,
    answer_methods: draft.answer_methods,
    attributes,
  };
  if (draft.password) all.password = draft.password;
  if (!user) return all;
  const before: Record<string, unknown> = { ...user };
  return Object.fromEntries(Object.entries(all).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key])));
}

export function UserPage({ id }: { id: string }) {
  const creating = id === 'new';
  const loaded = useAsync((signal) => (creating ? Promise.resolve(null) : api.get<UserWithState>(`/api/v1/users/${encodeURIComponent(id)}`, undefined, signal)), [id]);
  const numbers = useNumbers();
  const [draft, setDraft] = useState<Draft>(draftOf(null));
  const [busy, setBusy] = useState(false);
  const [attributeError, setAttributeError] = useState<string | null>(null);
  const errors = useFieldErrors();
  useEffect(() => setDraft(draftOf(loaded.data)), [loaded.data]);
  const user = loaded.data;
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  const save = async (e: Event) => {
    e.preventDefault();
    errors.clear();
    const attributes = attributesOf(draft.attributes);
    setAttributeError('error' in attributes ? attributes.error : null);
    if ('error' in attributes) return;
    const body = bodyOf(draft, user, attributes.attributes);
    if (!creating && Object.keys(body).length === 0) {
      toast('Nothing changed');
      return;
    }
    setBusy(true);
    try {
      const saved = creating ? await api.post<UserWithState>('/api/v1/users', body) : await api.patch<UserWithState>(`/api/v1/users/${user!.id}`, body);
      toast(creating ? `${saved.name} added` : 'Saved', 'good');
      if (creating) navigate(`/admin/users/${saved.id}`);
      else loaded.setData(saved);
    } catch (err) {
      const field = errors.capture(err, FIELDS);
      if (field) document.getElementById(`user-${field}`)?.focus();
    } finally {
      setBusy(false);
    }
  };

  if (loaded.error) return <div class="card"><h1>User</h1><p class="field-error">{loaded.error}</p></div>;
  if (!creating && !user) return <div class="loading">Loading…</div>;
  const assigned = (numbers.data ?? []).filter((n) => user && n.assigned_user_id === user.id);
  const toggleMethod = (kind: DeviceKind, on: boolean) =>
    set({ answer_methods: on ? [...draft.answer_methods, kind] : draft.answer_methods.filter((k) => k !== kind) });

  return (
    <div class="stack">
      <div class="page-head">
        <div>
          <p class="muted"><Link href="/admin/users">← Users</Link></p>
          <h1>{creating ? 'New user' : user!.name}</h1>
          {user && <p class="muted">{user.email}</p>}
        </div>
        {user && <AgentStatusBadge state={user.state} />}
      </div>
      <div class="grid-2">
        <form class="card" onSubmit={save} noValidate aria-label={creating ? 'New user' : 'Edit user'}>
          <div class="form-grid">
            <Field label="Name" id="user-name" error={errors.of('name')}>
              <TextInput id="user-name" value={draft.name} required onInput={(e) => set({ name: e.currentTarget.value })} />
            </Field>
            <Field label="Email" id="user-email" error={errors.of('email')}>
              <TextInput id="user-email" type="email" value={draft.email} required onInput={(e) => set({ email: e.currentTarget.value })} />
            </Field>
            <Field label="Role" id="user-role" error={errors.of('role')}>
              <Select id="user-role" value={draft.role} onChange={(e) => set({ role: e.currentTarget.value as Role })}
                options={[{ value: 'agent', label: 'Agent' }, { value: 'admin', label: 'Admin' }]} />
            </Field>
            <Field label={creating ? 'Password' : 'New password'} id="user-password" error={errors.of('password')}
              help={creating ? 'At least 10 characters; without one the user cannot log in yet' : user?.has_password ? 'Leave empty to keep the current one' : 'No password yet: the user cannot log in'}>
              <TextInput id="user-password" type="password" autoComplete="new-password" value={draft.password}
                onInput={(e) => set({ password: e.currentTarget.value })} />
            </Field>
            <Field label="Ring-through number" id="user-ring_through_number" error={errors.of('ring_through_number')} help="A mobile reached through the trunk (R-6)">
              <TextInput id="user-ring_through_number" type="tel" value={draft.ring_through_number}
                onInput={(e) => set({ ring_through_number: e.currentTarget.value })} />
            </Field>
            <Field label="Caller ID" id="user-caller_id" error={errors.of('caller_id')} help="Shown on the user's outgoing calls">
              <TextInput id="user-caller_id" type="tel" value={draft.caller_id} onInput={(e) => set({ caller_id: e.currentTarget.value })} />
            </Field>
            <Field label="Personal cool-down (seconds)" id="user-cool_down_seconds" error={errors.of('cool_down_seconds')}
              help="Empty: the organization's default; 0: none (R-12)">
              <TextInput id="user-cool_down_seconds" type="number" min={0} max={3600} value={draft.cool_down}
                onInput={(e) => set({ cool_down: e.currentTarget.value })} />
            </Field>
          </div>
          <fieldset class="fieldset" id="user-answer_methods">
            <legend>Rings on</legend>
            <div class="row">
              {METHODS.map((m) => (
                <label class="check" key={m.kind}>
                  <input type="checkbox" checked={draft.answer_methods.includes(m.kind)} onChange={(e) => toggleMethod(m.kind, e.currentTarget.checked)} />
                  {m.label}
                </label>
              ))}
            </div>
            {errors.of('answer_methods') && <div class="field-error" role="alert">{errors.of('answer_methods')}</div>}
          </fieldset>
          <AttributesEditor rows={draft.attributes} onChange={(attributes) => set({ attributes })} error={attributeError ?? errors.of('attributes')} />
          {errors.errors.general && <p class="field-error" role="alert">{errors.errors.general}</p>}
          <div class="form-actions">
            <Button type="submit" variant="primary" busy={busy}>
              {creating ? 'Create user' : 'Save changes'}
            </Button>
          </div>
        </form>
        {user && (
          <div class="stack">
            <section class="card">
              <h2>Numbers</h2>
              {assigned.length === 0 ? (
                <p class="muted">No number is assigned to {user.name}.</p>
              ) : (
                <ul class="plain-list">
                  {assigned.map((n) => (
                    <li key={n.id}>
                      {formatPhone(n.e164)} {n.label && <span class="muted">· {n.label}</span>}
                    </li>
                  ))}
                </ul>
              )}
              <p class="field-help">Assign numbers on the <Link href="/admin/numbers">Numbers</Link> page (R-2.1).</p>
            </section>
            <DevicesPanel userId={user.id} />
          </div>
        )}
      </div>
    </div>
  );
}
