// The browser's SIP phone (JsSIP) in the softphone pop-up: registers with the account
// from GET /api/v1/me/softphone over SIP-over-WebSocket, keeps each incoming session with
// the X-Switchboard-Offer-Id / -Call-Id it came with (they match the call.offered event),
// and carries media with WebRTC. Hold goes through the API (the server plays the music).
import * as JsSIP from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { IncomingRTCSessionEvent } from 'jssip/lib/UA';
import { ApiError, api, describeError } from '../lib/api';
import type { SoftphoneCredentials } from '../lib/types';
import type { PhoneCall, PhoneState } from './channel';
import { microphoneState } from './microphone';

interface Line {
  session: RTCSession;
  call: PhoneCall;
  // The microphone, opened while the call rings when this site may already use it, so that
  // answering does not wait for getUserMedia (bench/webrtc); stopped when the call ends.
  // Nothing is sent before the answer.
  microphone?: Promise<MediaStream | null>;
}

type Listener = (state: PhoneState) => void;

export class BrowserPhone {
  private ua: JsSIP.UA | null = null;
  private lines = new Map<string, Line>(); // by offer id
  private listeners = new Set<Listener>();
  private audio = new Audio();
  private state_: PhoneState = { registration: 'starting', problem: null, microphone: 'unknown', calls: [] };

  constructor() {
    this.audio.autoplay = true;
  }

  state(): PhoneState {
    return this.state_;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<void> {
    this.update({ microphone: await microphoneState() });
    let account: SoftphoneCredentials;
    try {
      account = await api.get<SoftphoneCredentials>('/api/v1/me/softphone');
    } catch (e) {
      const unavailable = e instanceof ApiError && e.status === 409;
      this.update({
        registration: unavailable ? 'unavailable' : 'failed',
        problem: unavailable
          ? `The browser phone is not available: ${e.message}. Ask your admin to start Switchboard with --sip-ws or --sip-wss.`
          : `The phone's account could not be loaded: ${describeError(e)}`,
      });
      return;
    }
    this.register(account);
  }

  stop(): void {
    for (const line of this.lines.values()) if (!line.session.isEnded()) line.session.terminate();
    this.ua?.stop();
    this.ua = null;
  }

  setMicrophone(microphone: PhoneState['microphone']): void {
    this.update({ microphone });
  }

  private register(account: SoftphoneCredentials): void {
    const socket = new JsSIP.WebSocketInterface(account.websocket_url);
    const ua = new JsSIP.UA({
      sockets: [socket],
      uri: account.sip_uri,
      authorization_user: account.authorization_user,
      password: account.password,
      display_name: account.display_name,
      register: true,
      session_timers: false,
      user_agent: 'Switchboard web softphone',
    });
    this.ua = ua;
    this.update({ registration: 'registering', problem: null });
    ua.on('registered', () => this.update({ registration: 'registered', problem: null }));
    ua.on('unregistered', () => this.update({ registration: 'registering' }));
    ua.on('registrationFailed', (e) =>
      this.update({ registration: 'failed', problem: `Registration refused: ${e.cause ?? 'unknown reason'}` }),
    );
    ua.on('disconnected', () =>
      this.update({ registration: 'registering', problem: 'Lost the connection to the phone server; reconnecting…' }),
    );
    ua.on('newRTCSession', (e: IncomingRTCSessionEvent) => {
      if (e.originator === 'remote') this.incoming(e);
    });
    ua.start();
  }

  private incoming(e: IncomingRTCSessionEvent): void {
    const offerId = e.request.getHeader('X-Switchboard-Offer-Id') || `local-${Date.now()}`;
    const callId = e.request.getHeader('X-Switchboard-Call-Id') || '';
    const remote = e.session.remote_identity?.display_name || e.session.remote_identity?.uri?.user || 'Unknown caller';
    const line: Line = {
      session: e.session,
      call: { offerId, callId, state: 'ringing', remote, muted: false, held: false, connectedAt: null },
    };
    if (this.state_.microphone === 'granted')
      line.microphone = navigator.mediaDevices.getUserMedia({ audio: true, video: false }).catch(() => null);
    this.lines.set(offerId, line);
    const session = e.session;
    session.on('peerconnection', ({ peerconnection }) => {
      peerconnection.addEventListener('track', (t: RTCTrackEvent) => {
        this.audio.srcObject = t.streams[0] ?? new MediaStream([t.track]);
        void this.audio.play().catch(() => {});
      });
    });
    // Switchboard is ICE-lite with one host candidate, and it learns where we are from our
    // connectivity checks: our first candidate is enough, so the 200 OK need not wait for
    // ICE gathering to finish (bench/webrtc measured that wait as most of click-to-audio).
    session.on('icecandidate', (event) => event.ready());
    session.on('accepted', () => this.change(offerId, { state: 'connected', connectedAt: Date.now() }));
    session.on('confirmed', () => this.change(offerId, { state: 'connected' }));
    const ended = () => {
      void line.microphone?.then((stream) => stream?.getTracks().forEach((track) => track.stop()));
      this.change(offerId, { state: 'ended' });
      this.lines.delete(offerId);
      this.publish();
    };
    session.on('ended', ended);
    session.on('failed', ended);
    this.publish();
  }

  async answer(offerId: string): Promise<void> {
    const line = this.lines.get(offerId);
    if (!line || line.call.state !== 'ringing') return;
    this.change(offerId, { state: 'answering' });
    // Without a stream opened while ringing, JsSIP asks for the microphone itself.
    const stream = (await line.microphone) ?? undefined;
    if (line.session.isEnded()) return; // taken elsewhere or cancelled meanwhile
    line.session.answer({ mediaConstraints: { audio: true, video: false }, mediaStream: stream, pcConfig: { iceServers: [] } });
  }

  reject(offerId: string): void {
    const line = this.lines.get(offerId);
    if (line && !line.session.isEnded()) line.session.terminate({ status_code: 603, reason_phrase: 'Decline' });
  }

  hangup(callId: string): void {
    const line = this.byCall(callId);
    if (line && !line.session.isEnded()) line.session.terminate();
  }

  mute(callId: string, muted: boolean): void {
    const line = this.byCall(callId);
    if (!line) return;
    if (muted) line.session.mute({ audio: true });
    else line.session.unmute({ audio: true });
    this.change(line.call.offerId, { muted });
  }

  async hold(callId: string, held: boolean): Promise<void> {
    const line = this.byCall(callId);
    if (!line) return;
    await api.post(`/api/v1/calls/${encodeURIComponent(callId)}/${held ? 'hold' : 'resume'}`);
    this.change(line.call.offerId, { held });
  }

  dtmf(callId: string, digit: string): void {
    const line = this.byCall(callId);
    if (line?.session.isEstablished())
      line.session.sendDTMF(digit, { transportType: 'RFC2833' as never, duration: 120, interToneGap: 70 });
  }

  // Packets and bytes of the call's audio both ways (RTCPeerConnection.getStats), for the
  // call panel and for tests that check two-way audio.
  async mediaStats(callId: string): Promise<{ packetsSent: number; packetsReceived: number } | null> {
    const line = this.byCall(callId);
    const connection = line?.session.connection as RTCPeerConnection | undefined;
    if (!connection) return null;
    let packetsSent = 0;
    let packetsReceived = 0;
    (await connection.getStats()).forEach((report: { type: string; kind?: string; packetsSent?: number; packetsReceived?: number }) => {
      if (report.type === 'outbound-rtp' && report.kind === 'audio') packetsSent += report.packetsSent ?? 0;
      if (report.type === 'inbound-rtp' && report.kind === 'audio') packetsReceived += report.packetsReceived ?? 0;
    });
    return { packetsSent, packetsReceived };
  }

  private byCall(callId: string): Line | undefined {
    for (const line of this.lines.values()) if (line.call.callId === callId) return line;
    return undefined;
  }

  private change(offerId: string, patch: Partial<PhoneCall>): void {
    const line = this.lines.get(offerId);
    if (!line) return;
    line.call = { ...line.call, ...patch };
    this.publish();
  }

  private publish(): void {
    this.update({ calls: [...this.lines.values()].map((l) => l.call) });
  }

  private update(patch: Partial<PhoneState>): void {
    this.state_ = { ...this.state_, ...patch };
    for (const listener of [...this.listeners]) listener(this.state_);
  }
}
