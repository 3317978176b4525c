// One call in the pop-up: who, how long, and the controls (answer or decline while it
// rings; mute, hold, keypad, transfer and hang up once connected). While a transfer
// rings the panel shows its progress instead.
import { useEffect, useState } from 'preact/hooks';
import { formatDuration } from '../lib/format';
import { TransferPicker } from '../transfer/TransferPicker';
import { TransferStatus, useTransfer } from '../transfer/TransferStatus';
import { transfers } from '../transfer/transfers';
import { Badge, Button } from '../ui';
import { DTMF_KEYS, type PhoneCall } from './channel';
import type { BrowserPhone } from './phone';

function useSecondsSince(start: number | null): number | null {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (start === null) return undefined;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [start]);
  return start === null ? null : Math.floor((now - start) / 1000);
}

export function PhoneCallPanel({ phone, call }: { phone: BrowserPhone; call: PhoneCall }) {
  const [keypad, setKeypad] = useState(false);
  const [dialled, setDialled] = useState('');
  const [picking, setPicking] = useState(false);
  const transfer = useTransfer(call.callId);
  const transferredBy = transfers.transferredBy(call.offerId);
  const seconds = useSecondsSince(call.connectedAt);
  const press = (digit: string) => {
    phone.dtmf(call.callId, digit);
    setDialled((d) => (d + digit).slice(-16));
  };
  return (
    <section class={`phone-call is-${call.state}`} aria-label={`Call with ${call.remote}`}>
      <div class="phone-call-who">
        <div>
          {transferredBy && <div class="transfer-from">Transfer from {transferredBy}</div>}
          <div class="phone-call-name">{call.remote}</div>
        </div>
        <Badge tone={call.state === 'connected' ? 'good' : call.state === 'ringing' ? 'accent' : 'info'}>
          {call.held ? 'On hold' : call.state === 'connected' ? formatDuration(seconds) : call.state === 'ringing' ? 'Ringing' : 'Connecting…'}
        </Badge>
      </div>
      {call.state === 'ringing' ? (
        <div class="phone-actions">
          <Button variant="success" size="lg" onClick={() => void phone.answer(call.offerId)}>Answer</Button>
          <Button variant="danger" size="lg" onClick={() => phone.reject(call.offerId)}>Decline</Button>
        </div>
      ) : transfer && transfer.phase !== 'failed' ? (
        <TransferStatus view={transfer} />
      ) : (
        <>
          {transfer && <TransferStatus view={transfer} />}
          <div class="phone-actions">
            <Button aria-pressed={call.muted} onClick={() => phone.mute(call.callId, !call.muted)}>
              {call.muted ? 'Unmute' : 'Mute'}
            </Button>
            <Button aria-pressed={call.held} disabled={call.state !== 'connected'}
              onClick={() => void phone.hold(call.callId, !call.held)}>
              {call.held ? 'Resume' : 'Hold'}
            </Button>
            <Button aria-expanded={keypad} onClick={() => setKeypad((k) => !k)}>Keypad</Button>
            <Button aria-expanded={picking} disabled={call.state !== 'connected' || !call.callId} onClick={() => setPicking((p) => !p)}>
              Transfer
            </Button>
            <Button variant="danger" onClick={() => phone.hangup(call.callId)}>Hang up</Button>
          </div>
          {picking && <TransferPicker callId={call.callId} onClose={() => setPicking(false)} />}
          {keypad && (
            <div class="keypad" role="group" aria-label="Keypad">
              <output class="keypad-display" aria-live="polite">{dialled || '\u00a0'}</output>
              {DTMF_KEYS.map((digit) => (
                <button type="button" class="keypad-key" key={digit} onClick={() => press(digit)}>{digit}</button>
              ))}
            </div>
          )}
        </>
      )}
    </section>
  );
}
