// The calls page: the filters, the sorted list and cursor paging; a row opens
// the call.
import { useState } from 'preact/hooks';
import { api, withQuery } from '../lib/api';
import { formatDateTime, formatDuration, formatPhone, humanize } from '../lib/format';
import { navigate, useLocation } from '../lib/router';
import type { Call, Page } from '../lib/types';
import { useAsync } from '../lib/useAsync';
import { Button, Table } from '../ui';
import { OutcomeBadge } from './callBadges';
import { CallFilters, FILTER_KEYS, apiQuery, filtersFrom, type Filters } from './CallFilters';
import { nameOf, useSettingsLists, useTeam } from './directory';

const PAGE_SIZE = 25;

export function CallsPage() {
  const { query } = useLocation();
  const filters = filtersFrom(query);
  const filterKey = JSON.stringify(filters);
  const [cursors, setCursors] = useState<Array<string | null>>([null]); // the cursor of each page seen
  const [pageKey, setPageKey] = useState(filterKey);
  if (pageKey !== filterKey) {
    setPageKey(filterKey);
    setCursors([null]);
  }
  const cursor = cursors[cursors.length - 1];
  const team = useTeam();
  const { dispositions, loaded: dispositionsLoaded } = useSettingsLists();
  const page = useAsync(
    (signal) => api.get<Page<Call>>('/api/v1/calls', { ...apiQuery(filters), limit: PAGE_SIZE, cursor }, signal),
    [filterKey, cursor],
  );
  const apply = (next: Filters) => {
    const params: Record<string, string[]> = {};
    for (const key of FILTER_KEYS) {
      const v = next[key].trim();
      if (v) params[key] = key === 'phone' || key === 'user' ? v.split(',').map((s) => s.trim()).filter(Boolean) : [v];
    }
    navigate(withQuery('/app/calls', params));
  };
  return (
    <div class="stack">
      <div class="page-head">
        <div>
          <h1>Calls</h1>
          <p class="muted">Calls you answered or were offered. Filter, sort and open one for its recording and log.</p>
        </div>
      </div>
      <CallFilters key={filterKey} initial={filters} team={[...team.values()]} dispositions={dispositions} dispositionsLoaded={dispositionsLoaded} onApply={apply} />
      {page.error && <p class="field-error" role="alert">{page.error}</p>}
      <Table<Call>
        caption="Calls"
        rows={page.data?.items ?? []}
        rowKey={(c) => c.id}
        onOpen={(c) => navigate(`/app/calls/${c.id}`)}
        empty={page.loading ? 'Loading…' : 'No calls match these filters.'}
        columns={[
          { key: 'started', header: 'Started', render: (c) => formatDateTime(c.started_at) },
          { key: 'caller', header: 'Caller', render: (c) => <span class="mono">{formatPhone(c.caller)}</span> },
          { key: 'number', header: 'Number', render: (c) => <span class="mono muted">{formatPhone(c.number)}</span> },
          { key: 'direction', header: 'Direction', render: (c) => humanize(c.direction) },
          { key: 'outcome', header: 'Outcome', render: (c) => <OutcomeBadge outcome={c.outcome} /> },
          { key: 'agent', header: 'Answered by', render: (c) => (c.answered_by_user_id ? nameOf(team, c.answered_by_user_id) : '—') },
          { key: 'talk', header: 'Talk', align: 'right', render: (c) => formatDuration(c.talk_seconds) },
          { key: 'disposition', header: 'Disposition', render: (c) => c.disposition ?? <span class="muted">—</span> },
        ]}
      />
      <div class="pager">
        <Button disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>← Previous</Button>
        <span class="muted">Page {cursors.length}</span>
        <Button disabled={!page.data?.next_cursor} onClick={() => page.data?.next_cursor && setCursors([...cursors, page.data.next_cursor])}>
          Next →
        </Button>
      </div>
    </div>
  );
}
