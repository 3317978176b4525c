// The incoming call notification: caller name and number, lead title and company,
// owner and last contact, with Answer and Decline; it rings, notifies the desktop when
// the tab is hidden, and goes away at once when the offer ends, saying who took the call
// . A call a colleague transfers says so first: "Transfer from <name>".
import { useEffect } from 'preact/hooks';
import { api, describeError } from '../lib/api';
import { formatAgo, formatPhone } from '../lib/format';
import { loadPreferences } from '../lib/preferences';
import type { OfferSummary } from '../lib/types';
import { Button, toast } from '../ui';
import { agentState, useAgentState } from './agentState';
import { startRinging, stopRinging } from './ringtone';
import { openCrm } from './screenPop';
import { softphone, useSoftphone } from './softphoneLink';
import '../transfer/transfer.css';

function callerName(summary: OfferSummary): string {
  return summary.caller?.name || summary.lead?.name || 'Unknown caller';
}

function useDesktopNotification(summaries: OfferSummary[]): void {
  const ids = summaries.map((s) => s.offer_id).join(',');
  useEffect(() => {
    const notices: Notification[] = [];
    if (document.hidden && 'Notification' in window && Notification.permission === 'granted' && loadPreferences().desktopNotifications) {
      for (const s of summaries) {
        const lead = s.lead ? [s.lead.title, s.lead.company].filter(Boolean).join(', ') : 'New caller';
        const title = s.transfer_from ? `Transfer from ${s.transfer_from.name}: ${callerName(s)}`
          : s.direction === 'distribution' ? `New lead: ${callerName(s)}` : `Incoming call: ${callerName(s)}`;
        const notice = new Notification(title, {
          body: `${formatPhone(s.caller?.number)} · ${lead}`,
          tag: s.offer_id,
          requireInteraction: true,
        });
        notice.onclick = () => {
          window.focus();
          notice.close();
        };
        notices.push(notice);
      }
    }
    return () => notices.forEach((n) => n.close());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ids]);
}

export function IncomingCalls() {
  const { offers, notices } = useAgentState();
  const phone = useSoftphone();
  const summaries = offers.map((o) => o.summary);
  useDesktopNotification(summaries);
  useEffect(() => {
    if (offers.length && loadPreferences().ringtone) startRinging();
    else stopRinging();
  }, [offers.length]);
  useEffect(() => () => stopRinging(), []);
  if (!offers.length && !notices.length) return null;
  return (
    <div class="incoming-stack" aria-live="assertive">
      {notices.map((n) => (
        <div class="incoming-notice" role="status" key={`${n.callId}-${n.at}`}>
          {n.text}
        </div>
      ))}
      {offers.map(({ summary }) => (
        <IncomingCallCard key={summary.offer_id} summary={summary} browserRinging={!!softphone.lineFor(summary.offer_id)} phoneOpen={!!phone} />
      ))}
    </div>
  );
}

function IncomingCallCard({ summary, browserRinging, phoneOpen }: { summary: OfferSummary; browserRinging: boolean; phoneOpen: boolean }) {
  const lead = summary.lead;
  const answer = () => {
    // Opening the CRM here, inside the click, is what lets the browser allow the new tab.
    if (lead?.crm_url && loadPreferences().openCrmOnAnswer) openCrm(lead.crm_url);
    softphone.send({ type: 'answer', offerId: summary.offer_id });
  };
  const decline = async () => {
    agentState.dismissOffer(summary.offer_id);
    try {
      await api.post(`/api/v1/calls/${summary.call_id}/decline`);
    } catch (e) {
      toast(`Could not decline: ${describeError(e)}`, 'bad');
    }
  };
  return (
    <section class="incoming-card" role="alertdialog" aria-labelledby={`incoming-${summary.offer_id}`}>
      <div class="incoming-pulse" aria-hidden="true">☎</div>
      <div class="incoming-body">
        {summary.transfer_from && <div class="transfer-from incoming-transfer">Transfer from {summary.transfer_from.name}</div>}
        <div class="incoming-kicker">
          {summary.transfer_from ? 'Transferred call'
            : summary.direction === 'distribution' ? 'New lead: answer to take it, then we call them for you'
            : 'Incoming call'}{summary.number && summary.direction !== 'distribution' ? ` to ${formatPhone(summary.number)}` : ''}
        </div>
        <h2 id={`incoming-${summary.offer_id}`} class="incoming-name">{callerName(summary)}</h2>
        <div class="incoming-number mono">{formatPhone(summary.caller?.number)}</div>
        <dl class="incoming-facts">
          {lead ? (
            <>
              {(lead.title || lead.company) && (
                <div><dt>Lead</dt><dd>{[lead.title, lead.company].filter(Boolean).join(' · ')}</dd></div>
              )}
              <div><dt>Owner</dt><dd>{lead.owner?.name ?? 'Unassigned'}</dd></div>
            </>
          ) : (
            <div><dt>Lead</dt><dd>Not in your leads yet</dd></div>
          )}
          <div><dt>Last contact</dt><dd>{formatAgo(summary.last_contact_at)}</dd></div>
        </dl>
      </div>
      <div class="incoming-actions">
        <Button variant="success" size="lg" onClick={answer} disabled={!browserRinging}
          title={browserRinging ? 'Answer in the browser' : phoneOpen ? 'The browser phone is not ringing for this call' : 'Open the browser phone to answer here'}>
          Answer
        </Button>
        <Button variant="danger" size="lg" onClick={() => void decline()}>Decline</Button>
        {!browserRinging && (
          <div class="incoming-hint">
            {phoneOpen ? 'Answer on your phone.' : (
              <>Answer on your phone, or <button type="button" class="link-button" onClick={() => softphone.open()}>open the browser phone</button>.</>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
