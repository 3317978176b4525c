// The live event stream: a WebSocket on /api/v1/events that reconnects with
// backoff and resumes with last_event_id, so nothing is missed across a network blip.
// When the server says the replay is incomplete, listeners of 'resync' reload their state.
import { session } from './session';
import type { EventDataByType, EventType, SwitchboardEvent } from './types';

export type StreamStatus = 'connecting' | 'open' | 'closed';

type Handler<K extends EventType> = (data: EventDataByType[K], event: SwitchboardEvent<K>) => void;
type AnyHandler = (event: SwitchboardEvent) => void;

const PING_EVERY_MS = 25_000;
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 15_000;

export function eventStreamUrl(token: string, lastEventId: number | null): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const params = new URLSearchParams({ access_token: token });
  if (lastEventId !== null) params.set('last_event_id', String(lastEventId));
  return `${scheme}//${location.host}/api/v1/events?${params}`;
}

export class EventStream {
  private socket: WebSocket | null = null;
  private lastEventId: number | null = null;
  private retryMs = RETRY_FIRST_MS;
  private retryTimer: number | undefined;
  private pingTimer: number | undefined;
  private running = false;
  private status_: StreamStatus = 'closed';
  private handlers = new Map<string, Set<(event: SwitchboardEvent) => void>>();
  private anyHandlers = new Set<AnyHandler>();
  private statusHandlers = new Set<(status: StreamStatus) => void>();
  private resyncHandlers = new Set<() => void>();

  start(): void {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  stop(): void {
    this.running = false;
    window.clearTimeout(this.retryTimer);
    window.clearInterval(this.pingTimer);
    this.socket?.close();
    this.socket = null;
    this.setStatus('closed');
  }

  status(): StreamStatus {
    return this.status_;
  }

  on<K extends EventType>(type: K, handler: Handler<K>): () => void {
    const wrapped = (event: SwitchboardEvent) => handler(event.data as EventDataByType[K], event as SwitchboardEvent<K>);
    let set = this.handlers.get(type);
    if (!set) this.handlers.set(type, (set = new Set()));
    set.add(wrapped);
    return () => set!.delete(wrapped);
  }

  onAny(handler: AnyHandler): () => void {
    this.anyHandlers.add(handler);
    return () => this.anyHandlers.delete(handler);
  }

  onStatus(handler: (status: StreamStatus) => void): () => void {
    this.statusHandlers.add(handler);
    return () => this.statusHandlers.delete(handler);
  }

  // Called when events may have been missed (replay.incomplete): reload from the API.
  onResync(handler: () => void): () => void {
    this.resyncHandlers.add(handler);
    return () => this.resyncHandlers.delete(handler);
  }

  private connect(): void {
    const token = session.token();
    if (!this.running || !token) return;
    this.setStatus('connecting');
    const socket = new WebSocket(eventStreamUrl(token, this.lastEventId));
    this.socket = socket;
    socket.onopen = () => {
      this.retryMs = RETRY_FIRST_MS;
      this.setStatus('open');
      window.clearInterval(this.pingTimer);
      this.pingTimer = window.setInterval(() => this.send({ type: 'ping' }), PING_EVERY_MS);
    };
    socket.onmessage = (message) => this.receive(message.data);
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      window.clearInterval(this.pingTimer);
      this.setStatus('closed');
      if (!this.running) return;
      this.retryTimer = window.setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    };
  }

  private send(message: unknown): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private receive(text: unknown): void {
    if (typeof text !== 'string') return;
    let message: { type?: string; id?: number };
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message.type === 'pong' || message.type === 'error') return;
    if (message.type === 'replay.incomplete') {
      for (const handler of [...this.resyncHandlers]) handler();
      return;
    }
    if (typeof message.id !== 'number' || typeof message.type !== 'string') return;
    if (this.lastEventId !== null && message.id <= this.lastEventId) return; // seen already
    this.lastEventId = message.id;
    const event = message as SwitchboardEvent;
    for (const handler of [...(this.handlers.get(event.type) ?? [])]) handler(event);
    for (const handler of [...this.anyHandlers]) handler(event);
  }

  private setStatus(status: StreamStatus): void {
    if (status === this.status_) return;
    this.status_ = status;
    for (const handler of [...this.statusHandlers]) handler(status);
  }
}

// The app's one stream, started once signed in.
export const events = new EventStream();
