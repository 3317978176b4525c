// The live board (issue 6): who is available, ringing, on a call, in cool-down,
// unreachable or unavailable, and the calls in progress, kept live by the event stream.
import { useEffect, useState } from 'preact/hooks';
import { formatPhone } from '../../lib/format';
import { Link } from '../../lib/router';
import type { AgentState } from '../../lib/types';
import { Badge, Button } from '../../ui';
import { STATUS_LABELS, STATUS_TONES, type BoardStatus } from '../agentStatus';
import type { BoardCall } from '../adminTypes';
import { useLiveBoard, type Ringing, type Transferring } from './liveBoard';

const LANES: BoardStatus[] = ['available', 'ringing', 'on_call', 'cool_down', 'unreachable', 'unavailable'];

function ringingUsers(ringing: Ringing): Set<string> {
  const users = new Set<string>();
  for (const set of ringing.values()) for (const id of set) users.add(id);
  return users;
}

function laneOf(agent: AgentState, ringing: Set<string>): BoardStatus {
  return ringing.has(agent.user_id) && agent.status === 'available' ? 'ringing' : agent.status;
}

// Re-renders every second while something counts down.
function useNow(active: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!active) return undefined;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [active]);
  return now;
}

function AgentCard({ agent, lane, now, call }: { agent: AgentState; lane: BoardStatus; now: number; call?: BoardCall }) {
  let detail = '';
  if (lane === 'unavailable') detail = agent.unavailable_reason || 'No reason given';
  else if (lane === 'unreachable') detail = 'No device registered';
  else if (lane === 'cool_down' && agent.cool_down_until)
    detail = `${Math.max(0, Math.ceil((new Date(agent.cool_down_until).getTime() - now) / 1000))} s left`;
  else if (call) detail = `${lane === 'on_call' ? 'With' : 'Call from'} ${formatPhone(call.caller)}`;
  else detail = `${agent.devices} device${agent.devices === 1 ? '' : 's'}`;
  return (
    <li class={`agent-card lane-${lane}`} data-user-id={agent.user_id}>
      <Link href={`/admin/users/${agent.user_id}`} class="agent-name">
        {agent.name}
      </Link>
      <span class="agent-detail muted">{detail}</span>
      {agent.missed_in_row > 0 && <span class="agent-detail warn-text">{agent.missed_in_row} missed in a row</span>}
    </li>
  );
}

function CallsNow({ calls, ringing, transferring, names }: { calls: BoardCall[]; ringing: Ringing; transferring: Transferring; names: Map<string, string> }) {
  const who = (ids: Iterable<string>) => [...ids].map((id) => names.get(id) ?? 'someone').join(', ');
  return (
    <section class="card" aria-labelledby="calls-now">
      <h2 id="calls-now">Calls now</h2>
      {calls.length === 0 ? (
        <p class="muted">No calls in progress.</p>
      ) : (
        <ul class="calls-now">
          {calls.map((c) => {
            const connected = c.connected_user_ids.length > 0;
            const rings = ringing.get(c.call_id);
            const transferTo = transferring.get(c.call_id);
            return (
              <li key={c.call_id}>
                <div class="row">
                  <strong>{formatPhone(c.caller)}</strong>
                  <Badge tone={transferTo ? 'warn' : connected ? 'info' : 'accent'}>{transferTo ? 'Transferring' : connected ? 'Connected' : 'Ringing'}</Badge>
                  <span class="spacer" />
                  <Link href={`/admin/calls/${c.call_id}`}>Routing trace</Link>
                </div>
                <div class="muted">
                  to {formatPhone(c.number)}
                  {connected ? ` · with ${who(c.connected_user_ids)}` : rings ? ` · ringing ${who(rings)}` : ' · routing'}
                  {transferTo && ` · transferring to ${transferTo}`}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

export function BoardPage() {
  const live = useLiveBoard();
  const agents = (live.board?.agents ?? []).filter((a): a is AgentState => a !== null);
  const ringing = ringingUsers(live.ringing);
  const now = useNow(agents.some((a) => a.status === 'cool_down'));
  const names = new Map(agents.map((a) => [a.user_id, a.name]));
  const callOf = new Map<string, BoardCall>();
  for (const call of live.board?.calls ?? []) {
    for (const id of call.connected_user_ids) callOf.set(id, call);
    for (const id of live.ringing.get(call.call_id) ?? []) callOf.set(id, call);
  }
  const lanes = new Map<BoardStatus, AgentState[]>(LANES.map((l) => [l, []]));
  for (const agent of agents.slice().sort((a, b) => a.name.localeCompare(b.name))) lanes.get(laneOf(agent, ringing))!.push(agent);

  return (
    <div class="stack">
      <div class="page-head">
        <div>
          <h1>Live board</h1>
          <p class="muted">Who can take a call right now, and the calls in progress.</p>
        </div>
        <div class="row">
          <Badge tone={live.stream === 'open' ? 'good' : 'warn'} title="The event stream">
            {live.stream === 'open' ? '● Live' : live.stream === 'connecting' ? 'Connecting…' : 'Offline: reconnecting'}
          </Badge>
          <Button size="sm" onClick={live.refresh}>
            Refresh
          </Button>
        </div>
      </div>
      {live.error && <p class="field-error" role="alert">{live.error}</p>}
      <div class="board-summary" role="list" aria-label="Agents by state">
        {LANES.map((lane) => (
          <div class={`summary-tile tile-${lane}`} role="listitem" key={lane}>
            <span class="summary-count">{lanes.get(lane)!.length}</span>
            <span class="summary-label">{STATUS_LABELS[lane]}</span>
          </div>
        ))}
      </div>
      <div class="board-layout">
        <div class="board-lanes">
          {LANES.map((lane) => (
            <section class="lane" key={lane} aria-labelledby={`lane-${lane}`} data-lane={lane}>
              <h3 id={`lane-${lane}`}>
                <Badge tone={STATUS_TONES[lane]}>{STATUS_LABELS[lane]}</Badge> <span class="muted">{lanes.get(lane)!.length}</span>
              </h3>
              <ul class="agent-list">
                {lanes.get(lane)!.map((agent) => (
                  <AgentCard key={agent.user_id} agent={agent} lane={lane} now={now} call={callOf.get(agent.user_id)} />
                ))}
              </ul>
              {lanes.get(lane)!.length === 0 && <p class="lane-empty muted">Nobody</p>}
            </section>
          ))}
        </div>
        <CallsNow calls={live.board?.calls ?? []} ringing={live.ringing} transferring={live.transferring} names={names} />
      </div>
    </div>
  );
}
