// Turns a call's routing trace (R-4, GET /api/v1/calls/{id}) into a timeline people read:
// the trace's lines grouped under the step they belong to, each line a sentence about
// who was considered, rung or skipped and why, and each offer's final outcome from the
// call's offers. Pure: RoutingTimeline renders it.
import type { Offer, OfferStatus, TraceEntry } from '../lib/types';

export type EntryKind =
  | 'offer' | 'ring' | 'skip' | 'decline' | 'confirm' | 'dial' | 'voicemail' | 'hangup' | 'exhausted' | 'note';

export interface TimelineEntry {
  seq: number;
  at: string;
  offsetMs: number | null; // since the call started
  kind: EntryKind;
  userId: string | null;
  text: string;
  outcome?: OfferStatus; // offer lines: how that offer ended
}

export interface TimelineStep {
  title: string | null; // null: lines before the first step line
  entries: TimelineEntry[];
}

export interface TimelineSummary {
  considered: string[];
  rang: string[];
  skipped: Map<string, string>; // user -> the last reason they were skipped
  answeredBy: string | null;
}

const KINDS: Record<string, EntryKind> = {
  offer: 'offer', ring: 'ring', skip: 'skip', decline: 'decline', confirm: 'confirm', dial: 'dial',
  voicemail: 'voicemail', hangup: 'hangup', exhausted: 'exhausted',
};

function sentence(entry: TraceEntry, who: string): string {
  const reason = entry.reason;
  switch (entry.action) {
    case 'offer':
      return `Offered to ${who}${reason ? ` (${reason.replace(/_/g, ' ')})` : ''}`;
    case 'ring':
      return `${who}'s phones rang${reason ? `: ${reason}` : ''}`;
    case 'skip':
      return entry.user_id ? `${who} skipped: ${reason}` : `Step skipped: ${reason}`;
    case 'decline':
      return `${who} declined${reason ? `: ${reason}` : ''}`;
    case 'confirm':
      return `${who}: ${reason}`;
    case 'dial':
      return `Dialled ${reason}`;
    case 'voicemail':
      return `Voicemail: ${reason}`;
    case 'hangup':
      return `Hung up: ${reason}`;
    case 'exhausted':
      return `Routing exhausted: ${reason}`;
    case 'hold':
      return `Put on hold by ${who}`;
    case 'resume':
      return `Taken off hold by ${who}`;
    default: {
      const action = entry.action.replace(/_/g, ' ');
      const subject = entry.user_id ? `${who}: ` : '';
      return `${subject}${action.charAt(0).toUpperCase()}${action.slice(1)}${reason ? ` (${reason})` : ''}`;
    }
  }
}

// The nth offer line of a user is that user's nth offer (both are in creation order).
function offerOutcomes(offers: Offer[]): Map<string, OfferStatus[]> {
  const byUser = new Map<string, OfferStatus[]>();
  for (const offer of offers) byUser.set(offer.user_id, [...(byUser.get(offer.user_id) ?? []), offer.status]);
  return byUser;
}

export function buildTimeline(
  trace: TraceEntry[],
  offers: Offer[],
  nameOf: (userId: string) => string,
  startedAt?: string | null,
): { steps: TimelineStep[]; summary: TimelineSummary } {
  const start = startedAt ? new Date(startedAt).getTime() : null;
  const outcomes = offerOutcomes(offers);
  const steps: TimelineStep[] = [];
  const considered = new Set<string>();
  const rang = new Set<string>();
  const skipped = new Map<string, string>();
  let current: TimelineStep | null = null;
  for (const line of [...trace].sort((a, b) => a.seq - b.seq)) {
    if (line.action === 'step') {
      current = { title: line.reason, entries: [] };
      steps.push(current);
      continue;
    }
    if (!current) {
      current = { title: null, entries: [] };
      steps.push(current);
    }
    const userId = line.user_id || null;
    const entry: TimelineEntry = {
      seq: line.seq,
      at: line.at,
      offsetMs: start === null ? null : new Date(line.at).getTime() - start,
      kind: KINDS[line.action] ?? 'note',
      userId,
      text: sentence(line, userId ? nameOf(userId) : ''),
    };
    if (userId) {
      considered.add(userId);
      if (entry.kind === 'skip') skipped.set(userId, line.reason);
      if (entry.kind === 'offer') {
        rang.add(userId);
        skipped.delete(userId);
        entry.outcome = outcomes.get(userId)?.shift();
      }
    }
    current.entries.push(entry);
  }
  const accepted = offers.find((o) => o.status === 'accepted');
  return { steps, summary: { considered: [...considered], rang: [...rang], skipped, answeredBy: accepted?.user_id ?? null } };
}

// "+0.4 s", "+1:05".
export function formatOffset(ms: number | null): string {
  if (ms === null) return '';
  const seconds = Math.max(0, ms) / 1000;
  if (seconds < 60) return `+${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  return `+${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}
