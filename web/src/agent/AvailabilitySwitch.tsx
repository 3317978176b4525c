// The always-visible availability switch (R-13), with a reason when going unavailable,
// and the cool-down countdown with "Ready now" (R-12).
import { useEffect, useState } from 'preact/hooks';
import { api, describeError } from '../lib/api';
import type { AgentState as LiveState } from '../lib/types';
import { refreshMe } from '../app/useMe';
import { Button, Dialog, Field, Select, TextInput, toast } from '../ui';
import { agentState, useAgentState } from './agentState';

const REASONS = ['Break', 'Lunch', 'Meeting', 'Training', 'End of day'];

function useSecondsLeft(until: number | null): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (until === null) return undefined;
    const timer = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(timer);
  }, [until]);
  return until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}

export function AvailabilitySwitch() {
  const { userId, available, reason, coolDownUntil } = useAgentState();
  const [asking, setAsking] = useState(false);
  const [choice, setChoice] = useState(REASONS[0]);
  const [other, setOther] = useState('');
  const [busy, setBusy] = useState(false);
  const secondsLeft = useSecondsLeft(coolDownUntil);

  const change = async (toAvailable: boolean, why = '') => {
    if (!userId) return;
    setBusy(true);
    try {
      const live = await api.put<LiveState | null>(`/api/v1/users/${userId}/availability`, {
        available: toAvailable,
        reason: why,
      });
      agentState.fromLiveState(live ?? { available: toAvailable, unavailable_reason: why, cool_down_until: null });
      setAsking(false);
    } catch (e) {
      toast(describeError(e), 'bad');
    } finally {
      setBusy(false);
    }
  };
  const readyNow = async () => {
    if (!userId) return;
    try {
      await api.post(`/api/v1/users/${userId}/cool-down/end`);
      await refreshMe();
    } catch (e) {
      toast(describeError(e), 'bad');
    }
  };

  if (!userId) return null;
  return (
    <div class="availability">
      {secondsLeft > 0 && (
        <div class="cool-down" role="status" aria-live="polite">
          <span>Cool-down {secondsLeft}s</span>
          <Button size="sm" onClick={() => void readyNow()}>Ready now</Button>
        </div>
      )}
      <button
        type="button"
        role="switch"
        aria-checked={available}
        class={`availability-switch ${available ? 'is-on' : 'is-off'}`}
        disabled={busy}
        title={available ? 'You receive calls. Click to go unavailable.' : `Unavailable${reason ? `: ${reason}` : ''}. Click to go available.`}
        onClick={() => (available ? setAsking(true) : void change(true))}
      >
        <span class="availability-dot" aria-hidden="true" />
        <span class="availability-label">{available ? 'Available' : 'Unavailable'}</span>
        {!available && reason && <span class="availability-reason">· {reason}</span>}
      </button>
      <Dialog
        open={asking}
        title="Go unavailable"
        onClose={() => setAsking(false)}
        actions={
          <>
            <Button onClick={() => setAsking(false)}>Cancel</Button>
            <Button variant="primary" busy={busy} onClick={() => void change(false, choice === 'Other' ? other.trim() : choice)}>
              Go unavailable
            </Button>
          </>
        }
      >
        <p class="muted">You stop receiving calls until you switch back. Calls ringing for you now stop.</p>
        <Field label="Reason" id="availability-reason">
          <Select id="availability-reason" value={choice} onChange={(e) => setChoice(e.currentTarget.value)}
            options={[...REASONS, 'Other'].map((r) => ({ value: r, label: r }))} />
        </Field>
        {choice === 'Other' && (
          <Field label="Say why" id="availability-other">
            <TextInput id="availability-other" maxLength={200} value={other} onInput={(e) => setOther(e.currentTarget.value)} />
          </Field>
        )}
      </Dialog>
    </div>
  );
}
