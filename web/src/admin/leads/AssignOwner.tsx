// Gives a lead an owner (PATCH /api/v1/leads/{id}); used by the unassigned leads and the
// lead exceptions pages (an owner also resolves the lead's open exceptions, R-23).
import { useState } from 'preact/hooks';
import { api, describeError } from '../../lib/api';
import type { Lead } from '../../lib/types';
import { Button, Select, toast } from '../../ui';

type LeadRef = Pick<Lead, 'id' | 'name' | 'phones'>;

export function AssignOwner({ lead, options, onAssigned }: { lead: LeadRef; options: Array<{ value: string; label: string }>; onAssigned: () => void }) {
  const [owner, setOwner] = useState('');
  const [busy, setBusy] = useState(false);
  const assign = async () => {
    setBusy(true);
    try {
      await api.patch<Lead>(`/api/v1/leads/${lead.id}`, { owner_user_id: owner });
      toast(`${lead.name || 'Lead'} assigned`, 'good');
      onAssigned();
    } catch (err) {
      toast(describeError(err), 'bad');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="row-tight" onClick={(e) => e.stopPropagation()}>
      <Select aria-label={`Owner for ${lead.name || lead.phones[0] || 'lead'}`} value={owner} placeholder="Choose an owner" options={options}
        onChange={(e) => setOwner(e.currentTarget.value)} />
      <Button size="sm" disabled={!owner} busy={busy} onClick={() => void assign()}>Assign</Button>
    </div>
  );
}
