// A call's routing trace as a readable timeline: a summary (who was considered,
// who rang, who was skipped and why, who answered), then each step with its lines.
// Reusable outside the admin area: give it the call's trace and offers and a way to name
// users, e.g. <RoutingTimeline trace={call.trace} offers={call.offers}
// startedAt={call.started_at} nameOf={(id) => nameOf(team, id)} />.
import { humanize } from '../lib/format';
import type { Offer, OfferStatus, TraceEntry } from '../lib/types';
import { Badge, type Tone } from '../ui';
import { buildTimeline, formatOffset, type EntryKind } from './routingTimeline';
import './routing-timeline.css';

const ICONS: Record<EntryKind, string> = {
  offer: '☎', ring: '🔔', skip: '⤼', decline: '✕', confirm: '✓', dial: '↗', voicemail: '✉', hangup: '⏹', exhausted: '∅', note: '•',
};

const OUTCOME_TONES: Record<OfferStatus, Tone> = {
  ringing: 'accent', accepted: 'good', declined: 'warn', no_answer: 'warn', cancelled: 'neutral', taken_by_other: 'neutral', failed: 'bad',
};

interface Props {
  trace: TraceEntry[];
  offers?: Offer[];
  startedAt?: string | null;
  nameOf: (userId: string) => string;
}

export function RoutingTimeline({ trace, offers = [], startedAt, nameOf }: Props) {
  if (trace.length === 0) return <p class="muted">Routing wrote no trace for this call.</p>;
  const { steps, summary } = buildTimeline(trace, offers, nameOf, startedAt);
  const names = (ids: string[]) => (ids.length ? ids.map(nameOf).join(', ') : 'nobody');
  return (
    <div class="timeline">
      <dl class="timeline-summary">
        <div>
          <dt>Considered</dt>
          <dd>{names(summary.considered)}</dd>
        </div>
        <div>
          <dt>Rang</dt>
          <dd>{names(summary.rang)}</dd>
        </div>
        <div>
          <dt>Skipped</dt>
          <dd>
            {summary.skipped.size === 0
              ? 'nobody'
              : [...summary.skipped].map(([id, why]) => `${nameOf(id)} (${why})`).join(', ')}
          </dd>
        </div>
        <div>
          <dt>Answered by</dt>
          <dd>{summary.answeredBy ? nameOf(summary.answeredBy) : 'nobody'}</dd>
        </div>
      </dl>
      <ol class="timeline-steps">
        {steps.map((step, index) => (
          <li class="timeline-step" key={index}>
            <div class="timeline-step-title">{step.title ? humanize(step.title) : 'Before the first step'}</div>
            <ol class="timeline-entries">
              {step.entries.map((entry) => (
                <li key={entry.seq} class={`timeline-entry kind-${entry.kind}`}>
                  <span class="timeline-icon" aria-hidden="true">
                    {ICONS[entry.kind]}
                  </span>
                  <span class="timeline-text">{entry.text}</span>
                  {entry.outcome && <Badge tone={OUTCOME_TONES[entry.outcome]}>{humanize(entry.outcome)}</Badge>}
                  <time class="timeline-time mono muted" dateTime={entry.at} title={new Date(entry.at).toLocaleString()}>
                    {formatOffset(entry.offsetMs) || new Date(entry.at).toLocaleTimeString()}
                  </time>
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ol>
    </div>
  );
}
