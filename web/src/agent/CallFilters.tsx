// The calls page's filters: time range, talk time, phone numbers, users,
// disposition, direction, outcome, lead and sort. They live in the page's URL, so a
// filtered list can be bookmarked and shared.
import { useState } from 'preact/hooks';
import type { Query } from '../lib/api';
import { humanize } from '../lib/format';
import type { UserWithState } from '../lib/types';
import { Button, Field, Select, TextInput } from '../ui';
import { ListChoice } from './ListChoice';

export const FILTER_KEYS = ['from', 'to', 'talk_time_min', 'talk_time_max', 'phone', 'user', 'disposition', 'direction', 'outcome', 'lead_id', 'sort'] as const;
const REPEATABLE = new Set(['phone', 'user']);
const OUTCOMES = ['ringing', 'connected', 'completed', 'no_answer', 'busy', 'cancelled', 'failed', 'voicemail', 'interrupted'];
const DIRECTIONS = ['inbound', 'outbound', 'transfer', 'distribution'];

export type Filters = Record<(typeof FILTER_KEYS)[number], string>;

export function filtersFrom(query: URLSearchParams): Filters {
  const filters = {} as Filters;
  for (const key of FILTER_KEYS) filters[key] = REPEATABLE.has(key) ? query.getAll(key).join(', ') : query.get(key) ?? '';
  return filters;
}

// The API query: repeatable filters split on commas.
export function apiQuery(filters: Filters): Query {
  const query: Query = {};
  for (const key of FILTER_KEYS) {
    const value = filters[key].trim();
    if (!value) continue;
    query[key] = REPEATABLE.has(key) ? value.split(',').map((v) => v.trim()).filter(Boolean) : value;
  }
  return query;
}

interface Props {
  initial: Filters;
  team: UserWithState[];
  dispositions: string[];
  dispositionsLoaded: boolean;
  onApply: (filters: Filters) => void;
}

export function CallFilters({ initial, team, dispositions, dispositionsLoaded, onApply }: Props) {
  const [f, setF] = useState<Filters>(initial);
  const set = (key: keyof Filters) => (e: Event) => setF({ ...f, [key]: (e.currentTarget as HTMLInputElement).value });
  const users = f.user.split(',').map((u) => u.trim()).filter(Boolean);
  return (
    <form class="filters card" onSubmit={(e) => { e.preventDefault(); onApply(f); }} aria-label="Filter calls">
      <Field label="From" id="f-from"><TextInput id="f-from" type="date" value={f.from} onInput={set('from')} /></Field>
      <Field label="To" id="f-to"><TextInput id="f-to" type="date" value={f.to} onInput={set('to')} /></Field>
      <Field label="Phone numbers" id="f-phone" help="Part of a number; commas between several">
        <TextInput id="f-phone" value={f.phone} placeholder="555 0100, 987" onInput={set('phone')} />
      </Field>
      <Field label="Talk time (s)" id="f-talk-min">
        <div class="row-tight">
          <TextInput id="f-talk-min" type="number" min={0} placeholder="min" value={f.talk_time_min} onInput={set('talk_time_min')} aria-label="Minimum talk time in seconds" />
          <TextInput id="f-talk-max" type="number" min={0} placeholder="max" value={f.talk_time_max} onInput={set('talk_time_max')} aria-label="Maximum talk time in seconds" />
        </div>
      </Field>
      <Field label="Users" id="f-user" help="Answered by or offered to">
        <select id="f-user" class="input" multiple size={Math.min(4, Math.max(2, team.length))}
          onChange={(e) => setF({ ...f, user: [...e.currentTarget.selectedOptions].map((o) => o.value).join(', ') })}>
          {team.map((u) => <option key={u.id} value={u.id} selected={users.includes(u.id)}>{u.name}</option>)}
        </select>
      </Field>
      <Field label="Disposition" id="f-disposition">
        <ListChoice id="f-disposition" value={f.disposition} options={dispositions} loaded={dispositionsLoaded} placeholder="Any"
          onChange={(disposition) => setF({ ...f, disposition })} />
      </Field>
      <Field label="Direction" id="f-direction">
        <Select id="f-direction" value={f.direction} placeholder="Any" onChange={set('direction')} options={DIRECTIONS.map((d) => ({ value: d, label: humanize(d) }))} />
      </Field>
      <Field label="Outcome" id="f-outcome">
        <Select id="f-outcome" value={f.outcome} placeholder="Any" onChange={set('outcome')} options={OUTCOMES.map((o) => ({ value: o, label: humanize(o) }))} />
      </Field>
      <Field label="Sort" id="f-sort">
        <Select id="f-sort" value={f.sort || 'newest'} onChange={set('sort')}
          options={[{ value: 'newest', label: 'Newest first' }, { value: 'oldest', label: 'Oldest first' }, { value: 'longest_talk', label: 'Longest talk' }]} />
      </Field>
      <div class="filters-actions">
        <Button type="submit" variant="primary">Apply</Button>
        <Button onClick={() => { const empty = filtersFrom(new URLSearchParams()); setF(empty); onApply(empty); }}>Clear</Button>
      </div>
    </form>
  );
}
