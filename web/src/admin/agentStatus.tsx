// How an agent's live state reads on the board and in the users list (R-4, R-11..R-13):
// the API's status, with "ringing" when an offer is out to them.
import type { AgentState, AgentStatus } from '../lib/types';
import { Badge, type Tone } from '../ui';

export type BoardStatus = AgentStatus | 'ringing';

export const STATUS_LABELS: Record<BoardStatus, string> = {
  available: 'Available',
  ringing: 'Ringing',
  on_call: 'On a call',
  cool_down: 'Cool-down',
  unreachable: 'Unreachable',
  unavailable: 'Unavailable',
};

export const STATUS_TONES: Record<BoardStatus, Tone> = {
  available: 'good',
  ringing: 'accent',
  on_call: 'info',
  cool_down: 'warn',
  unreachable: 'bad',
  unavailable: 'neutral',
};

export function statusHelp(state: AgentState | null): string {
  if (!state) return 'The call system does not know this user yet.';
  if (state.status === 'unavailable') return state.unavailable_reason ? `Unavailable: ${state.unavailable_reason}` : 'Unavailable';
  if (state.status === 'unreachable') return 'Available, but no device is registered (R-13)';
  return `${state.devices} device(s) registered`;
}

export function AgentStatusBadge({ state, ringing = false }: { state: AgentState | null; ringing?: boolean }) {
  if (!state) return <Badge title={statusHelp(state)}>Unknown</Badge>;
  const status: BoardStatus = ringing && state.status === 'available' ? 'ringing' : state.status;
  return (
    <Badge tone={STATUS_TONES[status]} title={statusHelp(state)}>
      {STATUS_LABELS[status]}
    </Badge>
  );
}
