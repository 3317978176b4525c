// A user's devices and their SIP credentials: show or copy the password to set up
// a desk phone, add a SIP phone or browser softphone, remove one.
import { useState } from 'preact/hooks';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import type { Device, DeviceKind, Page } from '../../lib/types';
import { useAsync } from '../../lib/useAsync';
import { Button, Dialog, Field, Select, TextInput, toast } from '../../ui';
import { useFieldErrors } from '../formErrors';

const KIND_LABELS: Record<DeviceKind, string> = { sip: 'SIP phone', browser: 'Browser softphone', ring_through: 'Ring-through' };

function Password({ device }: { device: Device }) {
  const [shown, setShown] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(device.sip_password);
      toast('Password copied', 'good');
    } catch {
      setShown(true);
      toast('The browser did not allow copying: select the password instead.', 'bad');
    }
  };
  if (!device.sip_password) return <span class="muted">—</span>;
  return (
    <span class="secret">
      <code class="mono" aria-label={`SIP password of ${device.sip_username}`}>{shown ? device.sip_password : '••••••••••••'}</code>
      <Button size="sm" variant="ghost" aria-pressed={shown} onClick={() => setShown(!shown)}>
        {shown ? 'Hide' : 'Show'}
      </Button>
      <Button size="sm" variant="ghost" onClick={() => void copy()}>
        Copy
      </Button>
    </span>
  );
}

function AddDevice({ userId, onAdded }: { userId: string; onAdded: () => void }) {
  const [kind, setKind] = useState<'sip' | 'browser'>('sip');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFieldErrors();
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    errors.clear();
    try {
      await api.post<Device>(`/api/v1/users/${userId}/devices`, { kind, sip_username: username.trim(), ...(password ? { sip_password: password } : {}) });
      toast('Device added', 'good');
      setUsername('');
      setPassword('');
      onAdded();
    } catch (err) {
      errors.capture(err, ['kind', 'sip_username', 'sip_password']);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="inline-form" onSubmit={submit} noValidate>
      <Field label="Kind" id="device-kind">
        <Select id="device-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as 'sip' | 'browser')}
          options={[{ value: 'sip', label: 'SIP phone' }, { value: 'browser', label: 'Browser softphone' }]} />
      </Field>
      <Field label="SIP user name" id="device-username" error={errors.of('sip_username')}>
        <TextInput id="device-username" value={username} required onInput={(e) => setUsername(e.currentTarget.value)} />
      </Field>
      <Field label="SIP password" id="device-password" error={errors.of('sip_password')} help="Generated when empty">
        <TextInput id="device-password" value={password} autoComplete="new-password" onInput={(e) => setPassword(e.currentTarget.value)} />
      </Field>
      <Button type="submit" busy={busy}>Add device</Button>
      {errors.errors.general && <p class="field-error" role="alert">{errors.errors.general}</p>}
    </form>
  );
}

export function DevicesPanel({ userId }: { userId: string }) {
  const devices = useAsync((signal) => api.get<Page<Device>>(`/api/v1/users/${userId}/devices`, undefined, signal), [userId]);
  const [removing, setRemoving] = useState<Device | null>(null);
  const remove = async () => {
    if (!removing) return;
    try {
      await api.del(`/api/v1/devices/${removing.id}`);
      toast('Device removed', 'good');
      devices.reload();
    } catch (err) {
      toast(String((err as Error).message), 'bad');
    } finally {
      setRemoving(null);
    }
  };
  const items = devices.data?.items ?? [];
  return (
    <section class="card" aria-labelledby="devices-title">
      <h2 id="devices-title">Devices</h2>
      <p class="field-help">Every device rings at once when the user is offered a call (R-6).</p>
      {devices.error && <p class="field-error">{devices.error}</p>}
      {items.length === 0 ? (
        <p class="muted">{devices.loading ? 'Loading…' : 'No devices yet.'}</p>
      ) : (
        <ul class="device-list">
          {items.map((d) => (
            <li key={d.id} class="device">
              <div class="row">
                <strong>{d.sip_username || KIND_LABELS[d.kind]}</strong>
                <span class="badge">{KIND_LABELS[d.kind] ?? d.kind}</span>
                <span class="spacer" />
                <Button size="sm" variant="ghost" onClick={() => setRemoving(d)} aria-label={`Remove device ${d.sip_username}`}>
                  Remove
                </Button>
              </div>
              <div class="row muted">
                <Password device={d} />
                <span>added {formatDateTime(d.created_at)}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
      <h3 class="spaced">Add a device</h3>
      <AddDevice userId={userId} onAdded={devices.reload} />
      <Dialog open={removing !== null} title="Remove this device?" onClose={() => setRemoving(null)}
        actions={<><Button onClick={() => setRemoving(null)}>Keep it</Button><Button variant="danger" onClick={() => void remove()}>Remove</Button></>}>
        <p>{removing?.sip_username} will no longer register or ring.</p>
      </Dialog>
    </section>
  );
}
