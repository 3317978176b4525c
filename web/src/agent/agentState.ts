// What the agent app knows live, from /me and the event stream: availability and
// cool-down, the offers ringing for the agent, the call the agent
// took, who took a call offered to the agent, and where the agent's call
// went when they transferred it.
import { events } from '../lib/events';
import { useChanges } from '../lib/useChanges';
import { transferredTo } from '../transfer/transfers';
import type { AgentState as LiveState, CallAccepted, Lead, Me, OfferSummary, OfferWithdrawn } from '../lib/types';

export interface RingingOffer {
  summary: OfferSummary;
  receivedAt: number;
}

export interface TakenNotice {
  callId: string;
  text: string;
  at: number;
}

export interface ActiveCall {
  callId: string;
  caller: string;
  lead: Lead | null;
  acceptedAt: string;
  ended: boolean;
  transferredTo?: string; // the agent handed the call on: it goes on without them
}

export interface AgentSnapshot {
  userId: string | null;
  available: boolean;
  reason: string;
  coolDownUntil: number | null; // ms since epoch
  offers: RingingOffer[];
  notices: TakenNotice[];
  activeCall: ActiveCall | null;
}

const NOTICE_MS = 6000;

type AcceptedListener = (accepted: CallAccepted, offer: OfferSummary | undefined) => void;

class AgentState {
  private snapshot: AgentSnapshot = {
    userId: null, available: false, reason: '', coolDownUntil: null, offers: [], notices: [], activeCall: null,
  };
  private listeners = new Set<() => void>();
  private acceptedListeners = new Set<AcceptedListener>();
  private offs: Array<() => void> = [];
  private offeredCalls = new Set<string>(); // calls offered to this agent, for "X took the call"

  get(): AgentSnapshot {
    return this.snapshot;
  }

  // Starts following the stream for this user (idempotent per user).
  attach(me: Me): void {
    this.fromMe(me);
    if (this.offs.length) return;
    this.offs = [
      events.on('call.offered', (data) => this.offered(data)),
      events.on('call.offer_withdrawn', (data) => this.withdrawn(data)),
      events.on('call.accepted', (data) => this.accepted(data)),
      events.on('call.ended', ({ call }) => this.ended(call.id)),
      events.on('call.transferred', (data) => {
        if (data.from_user_id === this.snapshot.userId) this.handedOn(data.call_id, transferredTo(data));
      }),
      events.on('user.availability', (data) => {
        if (data.user_id === this.snapshot.userId) this.set({ available: data.available, reason: data.available ? '' : data.reason });
      }),
      events.on('user.cool_down', (data) => {
        if (data.user_id === this.snapshot.userId) this.set({ coolDownUntil: data.until ? Date.parse(data.until) : null });
      }),
    ];
  }

  detach(): void {
    for (const off of this.offs) off();
    this.offs = [];
  }

  fromMe(me: Me): void {
    const user = me.user;
    if (!user) return;
    const until = user.state?.cool_down_until;
    this.set({
      userId: user.id,
      available: user.availability === 'available',
      reason: user.availability_reason,
      coolDownUntil: until ? Date.parse(until) : null,
    });
  }

  // After a change the API answered with the agent's live state (PUT availability).
  fromLiveState(live: Pick<LiveState, 'available' | 'unavailable_reason' | 'cool_down_until'>): void {
    this.set({
      available: live.available,
      reason: live.available ? '' : live.unavailable_reason,
      coolDownUntil: live.cool_down_until ? Date.parse(live.cool_down_until) : null,
    });
  }

  // Called with the accepted call (and the offer it answered, when it was ours) when the
  // agent takes a call: the screen pop.
  onAccepted(listener: AcceptedListener): () => void {
    this.acceptedListeners.add(listener);
    return () => this.acceptedListeners.delete(listener);
  }

  offerFor(callId: string): RingingOffer | undefined {
    return this.snapshot.offers.find((o) => o.summary.call_id === callId);
  }

  dismissOffer(offerId: string): void {
    this.set({ offers: this.snapshot.offers.filter((o) => o.summary.offer_id !== offerId) });
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private offered(summary: OfferSummary): void {
    if (summary.user_id !== this.snapshot.userId) return;
    this.offeredCalls.add(summary.call_id);
    const others = this.snapshot.offers.filter((o) => o.summary.offer_id !== summary.offer_id);
    this.set({ offers: [...others, { summary, receivedAt: Date.now() }] });
  }

  private withdrawn(data: OfferWithdrawn): void {
    const offers = this.snapshot.offers.filter((o) => o.summary.offer_id !== data.offer_id);
    const told = this.snapshot.notices.some((n) => n.callId === data.call_id);
    const notices = data.taken_by && data.taken_by.user_id !== this.snapshot.userId && !told
      ? [...this.snapshot.notices, this.notice(data.call_id, `${data.taken_by.name} took the call`)]
      : this.snapshot.notices;
    this.set({ offers, notices });
  }

  private accepted(data: CallAccepted): void {
    const offer = this.offerFor(data.call_id)?.summary;
    const offers = this.snapshot.offers.filter((o) => o.summary.call_id !== data.call_id);
    if (data.user_id !== this.snapshot.userId) {
      // Someone else taking the call we are on is our transfer completing, not a lost offer.
      if (this.snapshot.activeCall?.callId === data.call_id && !this.snapshot.activeCall.ended) {
        this.set({ offers });
        this.handedOn(data.call_id, data.user_name);
        return;
      }
      const already = this.snapshot.notices.some((n) => n.callId === data.call_id);
      const notices = this.offeredCalls.has(data.call_id) && !already ? [...this.snapshot.notices, this.notice(data.call_id, `${data.user_name} took the call`)] : this.snapshot.notices;
      this.set({ offers, notices });
      return;
    }
    const caller = offer?.caller?.number ?? data.lead?.phones[0] ?? '';
    this.set({ offers, activeCall: { callId: data.call_id, caller, lead: data.lead, acceptedAt: data.accepted_at, ended: false } });
    for (const listener of [...this.acceptedListeners]) listener(data, offer);
  }

  private ended(callId: string): void {
    const offers = this.snapshot.offers.filter((o) => o.summary.call_id !== callId);
    const active = this.snapshot.activeCall;
    this.set({ offers, activeCall: active && active.callId === callId ? { ...active, ended: true } : active });
  }

  private handedOn(callId: string, toName: string): void {
    const active = this.snapshot.activeCall;
    if (active?.callId === callId) this.set({ activeCall: { ...active, ended: true, transferredTo: toName } });
  }

  private notice(callId: string, text: string): TakenNotice {
    const notice = { callId, text, at: Date.now() };
    window.setTimeout(() => this.set({ notices: this.snapshot.notices.filter((n) => n !== notice) }), NOTICE_MS);
    return notice;
  }

  private set(patch: Partial<AgentSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of [...this.listeners]) listener();
  }
}

export const agentState = new AgentState();

export function useAgentState(): AgentSnapshot {
  useChanges(agentState);
  return agentState.get();
}
