// Logging a call: notes, disposition and sentiment, during and after the call.
// Disposition and sentiment come from the organization's lists when set; once logged they
// are locked (the API answers 409 to a different value), notes may change any time.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, describeError } from '../lib/api';
import type { Call, CallLog } from '../lib/types';
import { Button, Field, toast } from '../ui';
import { useSettingsLists } from './directory';
import { ListChoice } from './ListChoice';

interface Props {
  call: Call;
  onSaved: (call: Call) => void;
}

function Choice({ id, label, value, locked, options, loaded, onChange }: {
  id: string; label: string; value: string; locked: boolean; options: string[]; loaded: boolean; onChange: (v: string) => void;
}) {
  return (
    <Field label={label} id={id} locked={locked} help={locked ? 'Logged; it cannot change.' : undefined}>
      <ListChoice id={id} value={value} options={options} loaded={loaded} disabled={locked}
        placeholder={`Choose ${label.toLowerCase()}…`} onChange={onChange} />
    </Field>
  );
}

export function CallLogForm({ call, onSaved }: Props) {
  const lists = useSettingsLists();
  const [notes, setNotes] = useState(call.notes);
  const [disposition, setDisposition] = useState(call.disposition ?? '');
  const [sentiment, setSentiment] = useState(call.sentiment ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  useEffect(() => {
    setNotes(call.notes);
    setDisposition(call.disposition ?? '');
    setSentiment(call.sentiment ?? '');
  }, [call.id, call.notes, call.disposition, call.sentiment]);

  const change: CallLog = {};
  if (notes !== call.notes) change.notes = notes;
  if (disposition && disposition !== call.disposition) change.disposition = disposition;
  if (sentiment && sentiment !== call.sentiment) change.sentiment = sentiment;
  const dirty = Object.keys(change).length > 0;

  const save = async (e: Event) => {
    e.preventDefault();
    if (!dirty) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await api.patch<Call>(`/api/v1/calls/${call.id}`, change);
      onSaved(saved);
      toast('Call logged', 'good');
    } catch (err) {
      setError({ field: err instanceof ApiError ? err.field : undefined, message: describeError(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="call-log" onSubmit={save} aria-label="Call log">
      <Choice id={`disposition-${call.id}`} label="Disposition" value={disposition} locked={call.disposition !== null}
        options={lists.dispositions} loaded={lists.loaded} onChange={setDisposition} />
      <Choice id={`sentiment-${call.id}`} label="Sentiment" value={sentiment} locked={call.sentiment !== null}
        options={lists.sentiments} loaded={lists.loaded} onChange={setSentiment} />
      <Field label="Notes" id={`notes-${call.id}`} error={error && error.field !== 'disposition' && error.field !== 'sentiment' ? error.message : null}>
        <textarea id={`notes-${call.id}`} class="input" maxLength={10000} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} />
      </Field>
      {error && (error.field === 'disposition' || error.field === 'sentiment') && <p class="field-error" role="alert">{error.message}</p>}
      <Button type="submit" variant="primary" busy={busy} disabled={!dirty}>Save log</Button>
    </form>
  );
}
