// Where each call's transfer stands, for every window that shows the call: the
// agent app and the softphone pop-up each follow the event stream
// (call.transfer_started / call.transferred / call.transfer_failed), and the window that
// starts a transfer shares its ring timeout with the others over a BroadcastChannel,
// since the events do not carry it.
import { api } from '../lib/api';
import { events, type EventStream } from '../lib/events';
import { formatPhone } from '../lib/format';
import type { CallTransferred, TransferAnswer, TransferFailure, TransferRequest, TransferTarget } from '../lib/types';

export type TransferView =
  | { phase: 'ringing'; callId: string; targetName: string; startedAt: number; timeoutSeconds: number | null }
  | { phase: 'transferred'; callId: string; toName: string; at: number }
  | { phase: 'failed'; callId: string; targetName: string; reason: TransferFailure; at: number };

interface SharedStart {
  callId: string;
  targetName: string;
  startedAt: number;
  timeoutSeconds: number | null;
}

const CHANNEL_NAME = 'switchboard-transfers';

export function targetName(target: TransferTarget): string {
  if (target.kind === 'number' && target.number) return formatPhone(target.number);
  return target.name || 'the transfer target';
}

// Who took a transfer, as shown: a user's name, or the number formatted.
export function transferredTo(taken: CallTransferred): string {
  return taken.to_user_id ? taken.to_name : formatPhone(taken.to_name);
}

// What the agent who transferred is told when the target did not take the call.
export function failureMessage(name: string, reason: TransferFailure): string {
  switch (reason) {
    case 'declined': return `${name} declined — the caller is back with you.`;
    case 'no_answer': return `${name} did not answer — the caller is back with you.`;
    case 'cancelled': return `Transfer to ${name} cancelled — the caller is back with you.`;
    case 'failed': return `The transfer to ${name} failed — the caller is back with you.`;
  }
}

class CallTransfers {
  private byCall = new Map<string, TransferView>();
  private fromByOffer = new Map<string, string>(); // offer id -> who transferred it to us
  private listeners = new Set<() => void>();
  private offs: Array<() => void> = [];
  private channel: BroadcastChannel | null = null;

  // Follows `stream` (idempotent) for the transfers `userId` makes; the target of one is
  // told too (call.transferred), but for them the call goes on. Offers to `userId`
  // remember who transferred them. A null user (the admin token) follows every transfer.
  attach(userId: string | null, stream: EventStream = events): void {
    if (this.offs.length) return;
    const mine = (by: string | null) => userId === null || by === userId;
    this.offs = [
      stream.on('call.transfer_started', (d) => {
        if (mine(d.by_user_id))
          this.ringing({ callId: d.call_id, targetName: targetName(d.target), startedAt: Date.now(), timeoutSeconds: d.ring_timeout_seconds ?? null });
      }),
      stream.on('call.transferred', (d) => {
        if (mine(d.from_user_id)) this.set({ phase: 'transferred', callId: d.call_id, toName: transferredTo(d), at: Date.now() });
      }),
      stream.on('call.transfer_failed', (d) => {
        if (mine(d.by_user_id))
          this.set({ phase: 'failed', callId: d.call_id, targetName: targetName(d.target), reason: d.reason, at: Date.now() });
      }),
      stream.on('call.ended', ({ call }) => {
        // A transfer still ringing when the caller hangs up is over; outcomes stay to be read.
        if (this.byCall.get(call.id)?.phase === 'ringing') this.drop(call.id);
      }),
      stream.on('call.offered', (d) => {
        if (d.transfer_from && (!userId || d.user_id === userId)) {
          this.fromByOffer.set(d.offer_id, d.transfer_from.name);
          this.notify();
        }
      }),
    ];
    this.channel = new BroadcastChannel(CHANNEL_NAME);
    this.channel.onmessage = (e: MessageEvent<SharedStart>) => this.ringing(e.data);
  }

  detach(): void {
    for (const off of this.offs) off();
    this.offs = [];
    this.channel?.close();
    this.channel = null;
  }

  of(callId: string): TransferView | undefined {
    return this.byCall.get(callId);
  }

  // Who transferred this offer to us, when it is a transfer.
  transferredBy(offerId: string): string | undefined {
    return this.fromByOffer.get(offerId);
  }

  // POST /calls/{id}/transfer; throws the API's error (409 with why, 422 with the field).
  async start(callId: string, request: TransferRequest): Promise<void> {
    const asked = Date.now();
    const answer = await api.post<TransferAnswer>(`/api/v1/calls/${encodeURIComponent(callId)}/transfer`, request);
    const shared: SharedStart = {
      callId,
      targetName: targetName(answer.transfer.target),
      startedAt: asked,
      timeoutSeconds: answer.transfer.ring_timeout_seconds,
    };
    // The outcome may already be here (a quick decline): a late answer must not undo it.
    const now = this.byCall.get(callId);
    if (now && now.phase !== 'ringing' && now.at >= asked) return;
    this.ringing(shared);
    this.channel?.postMessage(shared);
  }

  // DELETE /calls/{id}/transfer; the caller is back with the agent.
  async cancel(callId: string): Promise<void> {
    const now = this.byCall.get(callId);
    await api.del(`/api/v1/calls/${encodeURIComponent(callId)}/transfer`);
    if (now?.phase === 'ringing' && this.byCall.get(callId) === now)
      this.set({ phase: 'failed', callId, targetName: now.targetName, reason: 'cancelled', at: Date.now() });
  }

  // Forgets an outcome once the agent has read it.
  dismiss(callId: string): void {
    if (this.byCall.get(callId)?.phase !== 'ringing') this.drop(callId);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private ringing(start: SharedStart): void {
    const now = this.byCall.get(start.callId);
    if (now && now.phase !== 'ringing' && now.at > start.startedAt) return; // an older start
    const startedAt = now?.phase === 'ringing' ? Math.min(now.startedAt, start.startedAt) : start.startedAt;
    const timeoutSeconds = start.timeoutSeconds ?? (now?.phase === 'ringing' ? now.timeoutSeconds : null);
    this.set({ phase: 'ringing', callId: start.callId, targetName: start.targetName, startedAt, timeoutSeconds });
  }

  private set(view: TransferView): void {
    this.byCall.set(view.callId, view);
    this.notify();
  }

  private drop(callId: string): void {
    this.byCall.delete(callId);
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

export const transfers = new CallTransfers();
