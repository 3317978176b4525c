// A call's transfer as the agent who started it sees it: "Transferring to <name>…" with
// the time left to ring and "Cancel transfer"; then "Transferred to <name>", or why the
// caller is back (declined, no answer, cancelled, failed).
import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../lib/api';
import { useChanges } from '../lib/useChanges';
import { Button, toast } from '../ui';
import { failureMessage, transfers, type TransferView } from './transfers';
import './transfer.css';

export function useTransfer(callId: string | null | undefined): TransferView | undefined {
  useChanges(transfers);
  return callId ? transfers.of(callId) : undefined;
}

function useSecondsLeft(view: TransferView | undefined): number | null {
  const [now, setNow] = useState(Date.now());
  const counting = view?.phase === 'ringing' && view.timeoutSeconds !== null;
  useEffect(() => {
    if (!counting) return undefined;
    const timer = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(timer);
  }, [counting]);
  if (view?.phase !== 'ringing' || view.timeoutSeconds === null) return null;
  return Math.max(0, Math.ceil(view.startedAt / 1000 + view.timeoutSeconds - now / 1000));
}

export function TransferStatus({ view }: { view: TransferView }) {
  const [cancelling, setCancelling] = useState(false);
  const secondsLeft = useSecondsLeft(view);
  if (view.phase === 'ringing') {
    const cancel = async () => {
      setCancelling(true);
      try {
        await transfers.cancel(view.callId);
      } catch (e) {
        toast(`Could not cancel the transfer: ${describeError(e)}`, 'bad');
      } finally {
        setCancelling(false);
      }
    };
    return (
      <div class="transfer-status is-ringing" role="status">
        <div>
          <strong>Transferring to {view.targetName}…</strong> <span class="muted">(caller on hold)</span>
        </div>
        {secondsLeft !== null && (
          <div class="transfer-countdown" aria-live="off">
            Ringing · <span class="mono">{secondsLeft}</span> s left
          </div>
        )}
        <Button variant="danger" busy={cancelling} onClick={() => void cancel()}>Cancel transfer</Button>
      </div>
    );
  }
  if (view.phase === 'transferred')
    return (
      <div class="transfer-status is-done" role="status">
        <strong>Transferred to {view.toName}</strong>
        <Button size="sm" variant="ghost" onClick={() => transfers.dismiss(view.callId)}>OK</Button>
      </div>
    );
  return (
    <div class="transfer-status is-failed" role="alert">
      <span>{failureMessage(view.targetName, view.reason)}</span>
      <Button size="sm" variant="ghost" onClick={() => transfers.dismiss(view.callId)}>OK</Button>
    </div>
  );
}
