// The app's side of the softphone pop-up: opens it (window.open, which must follow a
// click), follows its state over the BroadcastChannel, and sends it commands. The
// pop-up is "gone" when it has not spoken for a few seconds.
import { useChanges } from '../lib/useChanges';
import { GONE_AFTER_MS, openChannel, type PhoneCall, type PhoneCommand, type PhoneState } from '../softphone/channel';

const WINDOW_NAME = 'switchboard-softphone';
const WINDOW_FEATURES = 'popup,width=380,height=620';

class SoftphoneLink {
  private state_: PhoneState | null = null;
  private lastHeard = 0;
  private listeners = new Set<() => void>();
  private channel = openChannel((message) => {
    if (message.from !== 'phone') return;
    if (message.kind === 'closed') this.state_ = null;
    else {
      this.state_ = message.state;
      this.lastHeard = Date.now();
    }
    this.notify();
  });

  constructor() {
    this.send({ type: 'hello' }); // an already open pop-up answers with its state
    window.setInterval(() => {
      if (this.state_ && Date.now() - this.lastHeard > GONE_AFTER_MS) {
        this.state_ = null;
        this.notify();
      }
    }, 1000);
  }

  state(): PhoneState | null {
    return this.state_;
  }

  // The pop-up's ringing line for this offer, if the browser phone is ringing for it.
  lineFor(offerId: string): PhoneCall | undefined {
    return this.state_?.calls.find((c) => c.offerId === offerId);
  }

  lineForCall(callId: string): PhoneCall | undefined {
    return this.state_?.calls.find((c) => c.callId === callId && c.state !== 'ended');
  }

  // Opens the pop-up, or brings it forward when it is open already.
  open(): void {
    const popup = window.open('/softphone', WINDOW_NAME, WINDOW_FEATURES);
    if (popup) popup.focus();
    else this.send({ type: 'focus' });
  }

  send(command: PhoneCommand): void {
    this.channel.postMessage({ from: 'app', kind: 'command', command });
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

export const softphone = new SoftphoneLink();

export function useSoftphone(): PhoneState | null {
  useChanges(softphone);
  return softphone.state();
}
