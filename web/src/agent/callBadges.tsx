// How a call's outcome and an offer's status look.
import { humanize } from '../lib/format';
import type { CallOutcome, OfferStatus } from '../lib/types';
import { Badge, type Tone } from '../ui';

const OUTCOME_TONES: Record<CallOutcome, Tone> = {
  ringing: 'accent', connected: 'info', completed: 'good', no_answer: 'warn', busy: 'warn', cancelled: 'neutral',
  failed: 'bad', voicemail: 'info', interrupted: 'bad',
};

const OFFER_TONES: Record<OfferStatus, Tone> = {
  ringing: 'accent', accepted: 'good', declined: 'warn', no_answer: 'warn', cancelled: 'neutral', taken_by_other: 'neutral', failed: 'bad',
};

export function OutcomeBadge({ outcome }: { outcome: CallOutcome }) {
  return <Badge tone={OUTCOME_TONES[outcome] ?? 'neutral'}>{humanize(outcome)}</Badge>;
}

export function OfferBadge({ status }: { status: OfferStatus }) {
  return <Badge tone={OFFER_TONES[status] ?? 'neutral'}>{humanize(status)}</Badge>;
}
