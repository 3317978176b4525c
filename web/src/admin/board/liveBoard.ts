// The live board's state: GET /api/v1/board, then kept current from the event
// stream. The board does not say who is ringing, so offers are tracked from
// call.offered / call.offer_withdrawn (seeded from the ringing calls' offers on load).
// Device registrations publish no event, so the board also refreshes every 20 s to catch
// an agent becoming reachable or unreachable.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, describeError } from '../../lib/api';
import { events, type StreamStatus } from '../../lib/events';
import type { CallDetail } from '../../lib/types';
import type { Board } from '../adminTypes';

const REFRESH_EVERY_MS = 20_000;
const REFRESH_DEBOUNCE_MS = 150;

// call id -> the users its offers are ringing now
export type Ringing = Map<string, Set<string>>;

export interface LiveBoard {
  board: Board | null;
  ringing: Ringing;
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

function withoutCall(ringing: Ringing, callId: string): Ringing {
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
  const [state, setState] = useState<LiveBoard>({ board: null, ringing: new Map(), error: null, stream: events.status(), updatedAt: null });
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
        const live = new Set(board?.calls.map((c) => c.call_id) ?? []);
        for (const id of ringing.keys()) if (!live.has(id)) ringing = withoutCall(ringing, id);
        return {
          ...s,
          board,
          ringing,
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
      events.on('call.ended', (d) => setState((s) => ({ ...s, ringing: withoutCall(s.ringing, d.call.id) }))),
    ];
    for (const type of ['call.started', 'call.accepted', 'call.ended', 'user.availability', 'user.cool_down'] as const)
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
