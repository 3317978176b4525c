// The softphone pop-up (/softphone): owns the browser phone, tells the app's windows
// what it is doing over the BroadcastChannel and obeys their commands, and shows the
// call controls itself. Closing it during a call asks first. It follows the event
// stream for transfers, so that it can say where a call it carried went.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { describeError } from '../lib/api';
import { events } from '../lib/events';
import { session } from '../lib/session';
import { TransferStatus, useTransfer } from '../transfer/TransferStatus';
import { transfers } from '../transfer/transfers';
import { Badge, Toasts, toast } from '../ui';
import { HEARTBEAT_MS, openChannel, registrationLabel, type PhoneCommand, type PhoneState } from './channel';
import { BrowserPhone } from './phone';
import { MicrophonePanel } from './MicrophonePanel';
import { PhoneCallPanel } from './PhoneCallPanel';
import './softphone.css';

declare global {
  interface Window {
    switchboardPhone?: BrowserPhone; // for diagnostics and the browser tests' getStats
  }
}

function obey(phone: BrowserPhone, command: PhoneCommand): void {
  const failed = (e: unknown) => toast(describeError(e), 'bad');
  switch (command.type) {
    case 'answer': return void phone.answer(command.offerId).catch(failed);
    case 'reject': return phone.reject(command.offerId);
    case 'hangup': return phone.hangup(command.callId);
    case 'mute': return phone.mute(command.callId, command.muted);
    case 'hold': return void phone.hold(command.callId, command.held).catch(failed);
    case 'dtmf': return phone.dtmf(command.callId, command.digit);
    case 'focus': return window.focus();
    case 'hello': return; // answered by the state broadcast below
  }
}

// "Transferred to <name>" for a call whose line here has ended: the transfer's BYE ends
// the session, and with it the call's panel.
function TransferredCall({ callId }: { callId: string }) {
  const view = useTransfer(callId);
  return view?.phase === 'transferred' ? <TransferStatus view={view} /> : null;
}

export function SoftphoneWindow() {
  const phone = useMemo(() => new BrowserPhone(), []);
  const [state, setState] = useState<PhoneState>(phone.state());
  const carried = useRef(new Set<string>()); // the calls this window has had a line for
  for (const call of state.calls) if (call.callId) carried.current.add(call.callId);
  const gone = [...carried.current].filter((id) => !state.calls.some((c) => c.callId === id));

  useEffect(() => {
    document.title = 'Switchboard phone';
    window.switchboardPhone = phone;
    const channel = openChannel((message) => {
      if (message.from === 'app' && message.kind === 'command') {
        obey(phone, message.command);
        channel.postMessage({ from: 'phone', kind: 'state', state: phone.state() });
      }
    });
    const broadcast = (s: PhoneState) => channel.postMessage({ from: 'phone', kind: 'state', state: s });
    const off = phone.subscribe((s) => {
      setState(s);
      broadcast(s);
    });
    const heartbeat = window.setInterval(() => broadcast(phone.state()), HEARTBEAT_MS);
    const warn = (e: BeforeUnloadEvent) => {
      if (phone.state().calls.some((c) => c.state !== 'ended')) {
        e.preventDefault();
        e.returnValue = 'You are on a call. Closing the phone hangs it up.';
      }
    };
    const closing = () => {
      phone.stop();
      channel.postMessage({ from: 'phone', kind: 'closed' });
    };
    window.addEventListener('beforeunload', warn);
    window.addEventListener('pagehide', closing);
    void phone.start();
    transfers.attach(session.me()?.user?.id ?? null);
    events.start();
    return () => {
      transfers.detach();
      events.stop();
      off();
      window.clearInterval(heartbeat);
      window.removeEventListener('beforeunload', warn);
      window.removeEventListener('pagehide', closing);
      closing();
      channel.close();
    };
  }, [phone]);

  const tone = state.registration === 'registered' ? 'good' : state.registration === 'registering' || state.registration === 'starting' ? 'info' : 'bad';
  return (
    <div class="softphone">
      <header class="softphone-head">
        <strong>Switchboard phone</strong>
        <Badge tone={tone}>{registrationLabel(state.registration)}</Badge>
      </header>
      {state.problem && <p class="softphone-problem" role="alert">{state.problem}</p>}
      <MicrophonePanel phone={phone} microphone={state.microphone} />
      {gone.map((id) => <TransferredCall key={id} callId={id} />)}
      {state.calls.length === 0 ? (
        <p class="softphone-idle muted">
          {state.registration === 'registered'
            ? 'Waiting for calls. Keep this window open; the app shows who is calling.'
            : 'Connecting the phone…'}
        </p>
      ) : (
        state.calls.map((call) => <PhoneCallPanel key={call.offerId} phone={phone} call={call} />)
      )}
      <Toasts />
    </div>
  );
}
