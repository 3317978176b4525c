// The live board's state: GET /api/v1/board, then kept current from the event
// stream. The board does not say who is ringing, so offers are tracked from
// call.offered / call.offer_withdrawn (seeded from the ringing calls' offers on load).
// Device registrations publish no event, so the board also refreshes every 20 s to catch
// an agent becoming reachable or unreachable. Transfers ringing come only from
// call.transfer_started / _transferred / _failed: a board opened mid-transfer learns of
// it from the next event.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, describeError } from '../../lib/api';
import { events, type StreamStatus } from '../../lib/events';
import type { CallDetail } from '../../lib/types';
import { targetName } from '../../transfer/transfers';
import type { Board } from '../adminTypes';

const REFRESH_EVERY_MS = 20_000;
const REFRESH_DEBOUNCE_MS = 150;

// call id -> the users its offers are ringing now
export type Ringing = Map<string, Set<string>>;

// call id -> who its ringing transfer is to
export type Transferring = Map<string, string>;

export interface LiveBoard {
  board: Board | null;
  ringing: Ringing;
  transferring: Transferring;
  error: string | null;
  stream: StreamStatus;
  updatedAt: number | null;
}

function withOffer(ringing: Ringing, callId: string, userId: string, on: boolean): Ringing {
  const next = new Map(ringing);
  const users = new Set(next.get(callId) ?? []);
  if (on) users.add(userId);
  else users.delete(userId);
  if (users.size) next.set(callId, users);
  else next.delete(callId);
  return next;
}

function withoutCall<T>(ringing: Map<string, T>, callId: string): Map<string, T> {
  if (!ringing.has(callId)) return ringing;
  const next = new Map(ringing);
  next.delete(callId);
  return next;
}

// The ringing offers of the calls nobody has taken yet, from their stored offers.
async function ringingOffers(board: Board): Promise<Ringing> {
  const waiting = board.calls.filter((c) => c.connected_user_ids.length === 0);
  const details = await Promise.all(
    waiting.map((c) => api.get<CallDetail>(`/api/v1/calls/${encodeURIComponent(c.call_id)}`).catch(() => null)),
  );
  const ringing: Ringing = new Map();
  for (const detail of details) {
    const users = new Set((detail?.offers ?? []).filter((o) => o.status === 'ringing').map((o) => o.user_id));
    if (detail && users.size) ringing.set(detail.id, users);
  }
  return ringing;
}

export function useLiveBoard(): LiveBoard & { refresh: () => void } {
  const [state, setState] = useState<LiveBoard>({ board: null, ringing: new Map(), transferring: new Map(), error: null, stream: events.status(), updatedAt: null });
  const timer = useRef<number | undefined>(undefined);
  const generation = useRef(0);

  const load = async (seedRinging: boolean) => {
    const ticket = ++generation.current;
    try {
      const board = (await api.get<Board | null>('/api/v1/board')) ?? null;
      const seeded = board && seedRinging ? await ringingOffers(board) : null;
      if (ticket !== generation.current) return;
      setState((s) => {
        // Calls that are gone ring nobody.
        let ringing = seeded ?? s.ringing;
        let transferring = s.transferring;
        const live = new Set(board?.calls.map((c) => c.call_id) ?? []);
        for (const id of ringing.keys()) if (!live.has(id)) ringing = withoutCall(ringing, id);
        for (const id of transferring.keys()) if (!live.has(id)) transferring = withoutCall(transferring, id);
        return {
          ...s,
          board,
          ringing,
          transferring,
          error: board ? null : 'The call system did not answer in time; retrying.',
          updatedAt: Date.now(),
        };
      });
    } catch (e) {
      if (ticket === generation.current) setState((s) => ({ ...s, error: describeError(e) }));
    }
  };

  const refreshSoon = () => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void load(false), REFRESH_DEBOUNCE_MS);
  };

  useEffect(() => {
    void load(true);
    const offs = [
      events.onStatus((stream) => setState((s) => ({ ...s, stream }))),
      events.onResync(() => void load(true)),
      events.on('call.offered', (d) => setState((s) => ({ ...s, ringing: withOffer(s.ringing, d.call_id, d.user_id, true) }))),
      events.on('call.offer_withdrawn', (d) => setState((s) => ({ ...s, ringing: withOffer(s.ringing, d.call_id, d.user_id, false) }))),
      events.on('call.accepted', (d) => setState((s) => ({ ...s, ringing: withoutCall(s.ringing, d.call_id) }))),
      events.on('call.ended', (d) =>
        setState((s) => ({ ...s, ringing: withoutCall(s.ringing, d.call.id), transferring: withoutCall(s.transferring, d.call.id) }))),
      events.on('call.transfer_started', (d) =>
        setState((s) => ({ ...s, transferring: new Map(s.transferring).set(d.call_id, targetName(d.target)) }))),
      events.on('call.transferred', (d) => setState((s) => ({ ...s, transferring: withoutCall(s.transferring, d.call_id) }))),
      events.on('call.transfer_failed', (d) => setState((s) => ({ ...s, transferring: withoutCall(s.transferring, d.call_id) }))),
    ];
    for (const type of ['call.started', 'call.accepted', 'call.ended', 'call.transferred', 'user.availability', 'user.cool_down'] as const)
      offs.push(events.on(type, refreshSoon));
    const every = window.setInterval(() => void load(false), REFRESH_EVERY_MS);
    return () => {
      for (const off of offs) off();
      window.clearInterval(every);
      window.clearTimeout(timer.current);
    };
    // Wired once per mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return { ...state, refresh: () => void load(true) };
}
