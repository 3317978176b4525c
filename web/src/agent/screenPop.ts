// The screen pop: when the agent takes a call, its lead opens in the app (or the
// "Incoming call: <number>" form for an unknown caller), and the lead's CRM page opens
// in a new tab when the agent chose so.
import { loadPreferences } from '../lib/preferences';
import { navigate } from '../lib/router';
import { toast } from '../ui';
import { agentState } from './agentState';

const openedCrm = new Set<string>();

function isWebUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:';
  } catch {
    return false;
  }
}

// Opens the CRM page in a new tab; false when the browser blocked it.
export function openCrm(url: string): boolean {
  if (!isWebUrl(url)) return false;
  openedCrm.add(url);
  const tab = window.open(url, '_blank');
  if (!tab) return false;
  tab.opener = null; // the CRM page gets no handle on the app
  return true;
}

export function screenPopPath(callId: string, leadId: string | null, caller: string): string {
  if (leadId) return `/app/leads/${encodeURIComponent(leadId)}?call=${encodeURIComponent(callId)}`;
  return `/app/incoming?number=${encodeURIComponent(caller)}&call=${encodeURIComponent(callId)}`;
}

// Wires the screen pop to the agent's accepted calls; returns the unsubscribe.
export function startScreenPop(): () => void {
  return agentState.onAccepted((accepted, offer) => {
    const caller = offer?.caller?.number ?? accepted.lead?.phones[0] ?? '';
    navigate(screenPopPath(accepted.call_id, accepted.lead?.id ?? null, caller));
    const crm = accepted.lead?.crm_url;
    if (crm && loadPreferences().openCrmOnAnswer && !openedCrm.has(crm)) {
      // Answered elsewhere (desk phone, pop-up): the browser may block a tab opened without
      // a click, so offer the link too.
      if (!openCrm(crm)) toast('Your browser blocked the CRM tab; use "Open in CRM" on the lead.', 'info', 8000);
    }
    openedCrm.delete(crm ?? '');
  });
}
