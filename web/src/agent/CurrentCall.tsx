// The call the agent is on (or just finished): who, the softphone controls when the call
// is in the browser, transfer (R-17, through the API, so for any device), and the call log
// to fill during and after it.
import { api } from '../lib/api';
import { formatPhone } from '../lib/format';
import { Link } from '../lib/router';
import { DTMF_KEYS } from '../softphone/channel';
import type { Call } from '../lib/types';
import { useAsync } from '../lib/useAsync';
import { TransferPicker } from '../transfer/TransferPicker';
import { TransferStatus, useTransfer } from '../transfer/TransferStatus';
import { Badge, Button } from '../ui';
import type { ActiveCall } from './agentState';
import { CallLogForm } from './CallLogForm';
import { softphone, useSoftphone } from './softphoneLink';
import { useState } from 'preact/hooks';

function CallControls({ callId }: { callId: string }) {
  useSoftphone();
  const [keypad, setKeypad] = useState(false);
  const [picking, setPicking] = useState(false);
  const transfer = useTransfer(callId);
  const line = softphone.lineForCall(callId);
  if (transfer && transfer.phase !== 'failed') return <div class="call-controls"><TransferStatus view={transfer} /></div>;
  const transferButton = (
    <Button aria-expanded={picking} onClick={() => setPicking((p) => !p)}>Transfer</Button>
  );
  const picker = picking && <TransferPicker callId={callId} onClose={() => setPicking(false)} />;
  if (!line)
    return (
      <div class="call-controls">
        {transfer && <TransferStatus view={transfer} />}
        {transferButton}
        {picker}
      </div>
    );
  return (
    <div class="call-controls">
      {transfer && <TransferStatus view={transfer} />}
      <Button aria-pressed={line.muted} onClick={() => softphone.send({ type: 'mute', callId, muted: !line.muted })}>
        {line.muted ? 'Unmute' : 'Mute'}
      </Button>
      <Button aria-pressed={line.held} onClick={() => softphone.send({ type: 'hold', callId, held: !line.held })}>
        {line.held ? 'Resume' : 'Hold'}
      </Button>
      <Button aria-expanded={keypad} onClick={() => setKeypad((k) => !k)}>Keypad</Button>
      {transferButton}
      <Button variant="danger" onClick={() => softphone.send({ type: 'hangup', callId })}>Hang up</Button>
      {picker}
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
        <Badge tone={call.transferredTo ? 'info' : call.ended ? 'neutral' : 'good'}>
          {call.transferredTo ? `Transferred to ${call.transferredTo}` : call.ended ? 'Call ended' : 'On call'}
        </Badge>
        <h2 class="current-call-title">{title}</h2>
        {call.lead && <span class="muted">{[call.lead.title, call.lead.company].filter(Boolean).join(' · ')}</span>}
        <span class="spacer" />
        {call.lead ? <Link href={`/app/leads/${call.lead.id}`}>Open lead</Link> : <Link href={`/app/incoming?number=${encodeURIComponent(call.caller)}&call=${call.callId}`}>Add caller as lead</Link>}
        <Link href={`/app/calls/${call.callId}`}>Call details</Link>
      </div>
      {!call.ended && <CallControls callId={call.callId} />}
      {stored.data && <CallLogForm call={stored.data} onSaved={stored.setData} />}
    </section>
  );
}
