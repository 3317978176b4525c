// The call the agent is on (or just finished): who, the softphone controls when the call
// is in the browser, and the call log to fill during and after it.
import { api } from '../lib/api';
import { formatPhone } from '../lib/format';
import { Link } from '../lib/router';
import { DTMF_KEYS } from '../softphone/channel';
import type { Call } from '../lib/types';
import { useAsync } from '../lib/useAsync';
import { Badge, Button } from '../ui';
import type { ActiveCall } from './agentState';
import { CallLogForm } from './CallLogForm';
import { softphone, useSoftphone } from './softphoneLink';
import { useState } from 'preact/hooks';

function BrowserControls({ callId }: { callId: string }) {
  useSoftphone();
  const [keypad, setKeypad] = useState(false);
  const line = softphone.lineForCall(callId);
  if (!line) return null;
  return (
    <div class="call-controls">
      <Button aria-pressed={line.muted} onClick={() => softphone.send({ type: 'mute', callId, muted: !line.muted })}>
        {line.muted ? 'Unmute' : 'Mute'}
      </Button>
      <Button aria-pressed={line.held} onClick={() => softphone.send({ type: 'hold', callId, held: !line.held })}>
        {line.held ? 'Resume' : 'Hold'}
      </Button>
      <Button aria-expanded={keypad} onClick={() => setKeypad((k) => !k)}>Keypad</Button>
      <Button variant="danger" onClick={() => softphone.send({ type: 'hangup', callId })}>Hang up</Button>
      {keypad && (
        <div class="keypad keypad-inline" role="group" aria-label="Keypad">
          {DTMF_KEYS.map((digit) => (
            <button type="button" class="keypad-key" key={digit} onClick={() => softphone.send({ type: 'dtmf', callId, digit })}>{digit}</button>
          ))}
        </div>
      )}
    </div>
  );
}

export function CurrentCall({ call }: { call: ActiveCall }) {
  const stored = useAsync((signal) => api.get<Call>(`/api/v1/calls/${call.callId}`, undefined, signal), [call.callId, call.ended]);
  const title = call.lead?.name || formatPhone(call.caller);
  return (
    <section class="card current-call" aria-label="Current call">
      <div class="row">
        <Badge tone={call.ended ? 'neutral' : 'good'}>{call.ended ? 'Call ended' : 'On call'}</Badge>
        <h2 class="current-call-title">{title}</h2>
        {call.lead && <span class="muted">{[call.lead.title, call.lead.company].filter(Boolean).join(' · ')}</span>}
        <span class="spacer" />
        {call.lead ? <Link href={`/app/leads/${call.lead.id}`}>Open lead</Link> : <Link href={`/app/incoming?number=${encodeURIComponent(call.caller)}&call=${call.callId}`}>Add caller as lead</Link>}
        <Link href={`/app/calls/${call.callId}`}>Call details</Link>
      </div>
      {!call.ended && <BrowserControls callId={call.callId} />}
      {stored.data && <CallLogForm call={stored.data} onSaved={stored.setData} />}
    </section>
  );
}
