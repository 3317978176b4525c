// "Incoming call: <number>" (R-18) for a caller who is no lead yet: create a lead for
// them, or select an existing customer and save this number to that customer.
import { useState } from 'preact/hooks';
import { ApiError, api, describeError } from '../lib/api';
import { formatPhone } from '../lib/format';
import { navigate, useLocation } from '../lib/router';
import { session } from '../lib/session';
import type { Lead, LeadWrite, Page } from '../lib/types';
import { useAsync } from '../lib/useAsync';
import { Button, Field, Tabs, TextInput, toast } from '../ui';
import { useAgentState } from './agentState';
import { CurrentCall } from './CurrentCall';

function leadPath(lead: Lead, callId: string | null): string {
  return `/app/leads/${lead.id}${callId ? `?call=${encodeURIComponent(callId)}` : ''}`;
}

function CreateLead({ number, callId }: { number: string; callId: string | null }) {
  const [form, setForm] = useState({ name: '', company: '', title: '', email: '' });
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement).value });
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body: LeadWrite = { ...form, phones: number ? [number] : [], owner_user_id: session.me()?.user?.id ?? null };
    try {
      const lead = await api.post<Lead>('/api/v1/leads', body);
      toast('Lead created', 'good');
      navigate(leadPath(lead, callId));
    } catch (err) {
      setError({ field: err instanceof ApiError ? err.field : undefined, message: describeError(err) });
    } finally {
      setBusy(false);
    }
  };
  const errorFor = (field: string) => (error && error.field === field ? error.message : null);
  return (
    <form onSubmit={submit} class="narrow-form" aria-label="Create lead">
      <Field label="Name" id="lead-name" error={errorFor('name')}><TextInput id="lead-name" value={form.name} onInput={set('name')} required autoFocus /></Field>
      <Field label="Company" id="lead-company" error={errorFor('company')}><TextInput id="lead-company" value={form.company} onInput={set('company')} /></Field>
      <Field label="Title" id="lead-title" error={errorFor('title')}><TextInput id="lead-title" value={form.title} onInput={set('title')} /></Field>
      <Field label="Email" id="lead-email" error={errorFor('email')}><TextInput id="lead-email" type="email" value={form.email} onInput={set('email')} /></Field>
      {error && !['name', 'company', 'title', 'email'].includes(error.field ?? '') && <p class="field-error" role="alert">{error.message}</p>}
      <Button type="submit" variant="primary" busy={busy}>Create lead</Button>
    </form>
  );
}

function SelectExisting({ number, callId }: { number: string; callId: string | null }) {
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<Lead | null>(null);
  const [busy, setBusy] = useState(false);
  const results = useAsync(
    (signal) => (search.trim().length < 2 ? Promise.resolve({ items: [], next_cursor: null }) : api.get<Page<Lead>>('/api/v1/leads', { q: search.trim(), limit: 10 }, signal)),
    [search],
  );
  const save = async () => {
    if (!chosen) return;
    setBusy(true);
    try {
      const lead = await api.patch<Lead>(`/api/v1/leads/${chosen.id}`, { phones: [...chosen.phones, number] });
      toast(`Saved ${formatPhone(number)} to ${lead.name}`, 'good');
      navigate(leadPath(lead, callId));
    } catch (e) {
      toast(describeError(e), 'bad');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="narrow-form">
      <Field label="Find a customer" id="lead-search" help="Name, company, title or email">
        <TextInput id="lead-search" type="search" value={search} onInput={(e) => { setSearch(e.currentTarget.value); setChosen(null); }} />
      </Field>
      <ul class="choice-list" role="listbox" aria-label="Matching customers">
        {(results.data?.items ?? []).map((lead) => (
          <li key={lead.id} role="option" aria-selected={chosen?.id === lead.id} tabIndex={0}
            class={chosen?.id === lead.id ? 'is-chosen' : undefined}
            onClick={() => setChosen(lead)} onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && setChosen(lead)}>
            <strong>{lead.name}</strong> <span class="muted">{[lead.title, lead.company].filter(Boolean).join(' · ')}</span>
          </li>
        ))}
      </ul>
      {search.trim().length >= 2 && !results.loading && !results.data?.items.length && <p class="muted">No customer matches.</p>}
      <Button variant="primary" disabled={!chosen} busy={busy} onClick={() => void save()}>
        Save this number to {chosen ? chosen.name : 'that customer'}
      </Button>
    </div>
  );
}

export function UnknownCallerPage() {
  const { query } = useLocation();
  const number = query.get('number') ?? '';
  const callId = query.get('call');
  const { activeCall } = useAgentState();
  const [tab, setTab] = useState('create');
  return (
    <div class="stack">
      <div class="page-head">
        <div>
          <h1>Incoming call: {formatPhone(number)}</h1>
          <p class="muted">This number is not on any lead. Add it so the next call pops the right customer.</p>
        </div>
      </div>
      {activeCall && activeCall.callId === callId && <CurrentCall call={activeCall} />}
      <section class="card">
        <Tabs label="Who is calling" active={tab} onChange={setTab}
          tabs={[{ id: 'create', label: 'Create lead' }, { id: 'existing', label: 'Select existing customer' }]} />
        {tab === 'create' ? <CreateLead number={number} callId={callId} /> : <SelectExisting number={number} callId={callId} />}
      </section>
    </div>
  );
}
