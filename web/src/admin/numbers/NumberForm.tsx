// The add / edit form for a number (in a dialog): the number, a label, the user it is
// assigned to, a forwarding number and a call flow.
import { useState } from 'preact/hooks';
import { api } from '../../lib/api';
import type { UserWithState } from '../../lib/types';
import { Button, Field, Select, TextInput } from '../../ui';
import type { CallFlow, PhoneNumber } from '../adminTypes';
import { userOptions } from '../adminData';
import { useFieldErrors } from '../formErrors';

interface Props {
  number: PhoneNumber | null; // null: a new one
  users: UserWithState[];
  flows: CallFlow[];
  onSaved: (number: PhoneNumber) => void;
  onCancel: () => void;
}

export function NumberForm({ number, users, flows, onSaved, onCancel }: Props) {
  const [e164, setE164] = useState(number?.e164 ?? '');
  const [label, setLabel] = useState(number?.label ?? '');
  const [assigned, setAssigned] = useState(number?.assigned_user_id ?? '');
  const [forwarding, setForwarding] = useState(number?.forwarding_number ?? '');
  const [flow, setFlow] = useState(number?.call_flow_id ?? '');
  const [busy, setBusy] = useState(false);
  const errors = useFieldErrors();
  const submit = async (e: Event) => {
    e.preventDefault();
    errors.clear();
    setBusy(true);
    const body = {
      e164: e164.trim(),
      label: label.trim(),
      assigned_user_id: assigned || null,
      forwarding_number: forwarding.trim(),
      call_flow_id: flow || null,
    };
    try {
      onSaved(number ? await api.patch<PhoneNumber>(`/api/v1/numbers/${number.id}`, body) : await api.post<PhoneNumber>('/api/v1/numbers', body));
    } catch (err) {
      const field = errors.capture(err, Object.keys(body));
      if (field) document.getElementById(`number-${field}`)?.focus();
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate aria-label={number ? 'Edit number' : 'New number'}>
      <Field label="Phone number" id="number-e164" error={errors.of('e164')} help="E.164, or national with the default country">
        <TextInput id="number-e164" type="tel" value={e164} required autoFocus onInput={(e) => setE164(e.currentTarget.value)} />
      </Field>
      <Field label="Label" id="number-label" error={errors.of('label')}>
        <TextInput id="number-label" value={label} placeholder="e.g. Website, Google Ads" onInput={(e) => setLabel(e.currentTarget.value)} />
      </Field>
      <Field label="Assigned user" id="number-assigned_user_id" error={errors.of('assigned_user_id')} help="Rung first with default routing (R-2.1)">
        <Select id="number-assigned_user_id" value={assigned} placeholder="Nobody" options={userOptions(users)}
          onChange={(e) => setAssigned(e.currentTarget.value)} />
      </Field>
      <Field label="Forwarding number" id="number-forwarding_number" error={errors.of('forwarding_number')}>
        <TextInput id="number-forwarding_number" type="tel" value={forwarding} onInput={(e) => setForwarding(e.currentTarget.value)} />
      </Field>
      <Field label="Call flow" id="number-call_flow_id" error={errors.of('call_flow_id')}>
        <Select id="number-call_flow_id" value={flow} placeholder="Default routing (R-2)"
          options={flows.map((f) => ({ value: f.id, label: f.name }))} onChange={(e) => setFlow(e.currentTarget.value)} />
      </Field>
      {errors.errors.general && <p class="field-error" role="alert">{errors.errors.general}</p>}
      <div class="dialog-actions">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" busy={busy}>
          {number ? 'Save number' : 'Add number'}
        </Button>
      </div>
    </form>
  );
}
