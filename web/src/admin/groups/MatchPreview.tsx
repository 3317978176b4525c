// The "who matches now" panel of the group editor: the users the group would consider
// for a call from a sample lead, and who of them could ring right now.
import { useState } from 'preact/hooks';
import { Link } from '../../lib/router';
import type { UserWithState } from '../../lib/types';
import { Field } from '../../ui';
import { AgentStatusBadge } from '../agentStatus';
import { usesLead } from './groupFilter';
import { previewGroup } from './matchPreview';

interface Props {
  memberIds: string[];
  filter: string;
  users: UserWithState[];
}

function parseLead(text: string): { lead: unknown; error: string | null } {
  if (!text.trim()) return { lead: {}, error: null };
  try {
    const lead: unknown = JSON.parse(text);
    return typeof lead === 'object' && lead !== null && !Array.isArray(lead) ? { lead, error: null } : { lead: {}, error: 'Give a JSON object.' };
  } catch (e) {
    return { lead: {}, error: `Not JSON: ${(e as Error).message}` };
  }
}

export function MatchPreview({ memberIds, filter, users }: Props) {
  const [leadText, setLeadText] = useState('');
  const { lead, error: leadError } = parseLead(leadText);
  const preview = previewGroup(memberIds, filter, users, lead);
  const needsLead = preview.node ? usesLead(preview.node) : false;
  const ringing = preview.matches.filter((m) => m.ringsNow).length;
  return (
    <section class="card" aria-labelledby="preview-title">
      <h2 id="preview-title">Who matches now</h2>
      <p class="field-help">
        Worked out in this browser from users' attributes and live state (the API has no preview route); saving checks the
        filter on the server.
      </p>
      {needsLead && (
        <Field label="Sample lead attributes (JSON)" id="preview-lead" error={leadError} help='The filter reads lead.*, e.g. {"state": "CA"}'>
          <textarea id="preview-lead" class="input mono" rows={3} value={leadText} onInput={(e) => setLeadText(e.currentTarget.value)} />
        </Field>
      )}
      {preview.filterError ? (
        <p class="field-error" role="alert">The filter does not parse: {preview.filterError}</p>
      ) : (
        <p aria-live="polite">
          <strong>{preview.matches.length}</strong> {preview.matches.length === 1 ? 'match' : 'matches'}, <strong>{ringing}</strong> could ring now.
        </p>
      )}
      <ul class="plain-list match-list" aria-label="Matching users">
        {preview.matches.map(({ user }) => (
          <li key={user.id} class="row">
            <Link href={`/admin/users/${user.id}`}>{user.name}</Link>
            <span class="spacer" />
            <AgentStatusBadge state={user.state} />
          </li>
        ))}
      </ul>
      {preview.excluded.length > 0 && (
        <p class="muted">Left out by the filter: {preview.excluded.map((u) => u.name).join(', ')}</p>
      )}
    </section>
  );
}
