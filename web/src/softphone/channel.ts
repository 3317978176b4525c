// The messages between the app's windows and the softphone pop-up, over one
// BroadcastChannel. The pop-up owns the SIP user agent and says what it is doing
// ('state', on every change and as a heartbeat); the app sends it commands.

export type Registration = 'starting' | 'registering' | 'registered' | 'failed' | 'unavailable';
export type Microphone = 'unknown' | 'prompt' | 'granted' | 'denied';
export type PhoneCallState = 'ringing' | 'answering' | 'connected' | 'ended';

export interface PhoneCall {
  offerId: string; // X-Switchboard-Offer-Id: matches call.offered
  callId: string; // X-Switchboard-Call-Id
  state: PhoneCallState;
  remote: string;
  muted: boolean;
  held: boolean;
  connectedAt: number | null;
}

export interface PhoneState {
  registration: Registration;
  problem: string | null; // why it is not registered, for people
  microphone: Microphone;
  calls: PhoneCall[];
}

export type PhoneCommand =
  | { type: 'answer'; offerId: string }
  | { type: 'reject'; offerId: string }
  | { type: 'hangup'; callId: string }
  | { type: 'mute'; callId: string; muted: boolean }
  | { type: 'hold'; callId: string; held: boolean }
  | { type: 'dtmf'; callId: string; digit: string }
  | { type: 'focus' }
  | { type: 'hello' };

export type ChannelMessage =
  | { from: 'phone'; kind: 'state'; state: PhoneState }
  | { from: 'phone'; kind: 'closed' }
  | { from: 'app'; kind: 'command'; command: PhoneCommand };

export const CHANNEL_NAME = 'switchboard-softphone';
export const HEARTBEAT_MS = 2000;
export const GONE_AFTER_MS = 5000;

export function openChannel(onMessage: (message: ChannelMessage) => void): BroadcastChannel {
  const channel = new BroadcastChannel(CHANNEL_NAME);
  channel.onmessage = (e: MessageEvent<ChannelMessage>) => onMessage(e.data);
  return channel;
}

export const DTMF_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

export function registrationLabel(registration: Registration): string {
  return {
    starting: 'Starting…',
    registering: 'Connecting…',
    registered: 'Ready',
    failed: 'Not connected',
    unavailable: 'Unavailable',
  }[registration];
}
