// The call-flow editor (R-3): a name and ordered steps; add, change, reorder (buttons,
// keyboard friendly) and remove steps; the API's errors shown on the step and field they
// name; which numbers use the flow.
import { useEffect, useState } from 'preact/hooks';
import { api, describeError } from '../../lib/api';
import { formatPhone } from '../../lib/format';
import { Link, navigate } from '../../lib/router';
import { useAsync } from '../../lib/useAsync';
import { Button, Dialog, Field, Select, TextInput, toast } from '../../ui';
import { STEP_TYPES, type CallFlow, type StepType } from '../adminTypes';
import { useGroups, useNumbers, useUsers } from '../adminData';
import { placeError } from '../formErrors';
import { DRAFT_FIELD, draftsOf, moveStep, newStep, STEP_LABELS, stepErrorOf, stepOf, type StepDraft } from './flowSteps';
import { StepEditor } from './StepEditor';

interface StepError {
  index: number;
  field: string;
  message: string;
}

export function CallFlowEditor({ id }: { id: string }) {
  const creating = id === 'new';
  const loaded = useAsync((signal) => (creating ? Promise.resolve(null) : api.get<CallFlow>(`/api/v1/call-flows/${encodeURIComponent(id)}`, undefined, signal)), [id]);
  const users = useUsers();
  const groups = useGroups();
  const numbers = useNumbers();
  const [name, setName] = useState('');
  const [steps, setSteps] = useState<StepDraft[]>([]);
  const [addType, setAddType] = useState<StepType>('group');
  const [nameError, setNameError] = useState<string | null>(null);
  const [stepError, setStepError] = useState<StepError | null>(null);
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  useEffect(() => {
    setName(loaded.data?.name ?? '');
    setSteps(loaded.data ? draftsOf(loaded.data.steps) : [newStep('group'), newStep('voicemail')]);
  }, [loaded.data]);

  const move = (index: number, by: -1 | 1) => {
    const key = steps[index].key;
    setSteps(moveStep(steps, index, by));
    setStepError(null);
    // Keep the keyboard on the button that moved the step, at its new place (or the
    // other arrow when it reached an end).
    requestAnimationFrame(() => {
      const target = document.getElementById(`step-${key}-${by < 0 ? 'up' : 'down'}`) as HTMLButtonElement | null;
      (target && !target.disabled ? target : document.getElementById(`step-${key}-${by < 0 ? 'down' : 'up'}`))?.focus();
    });
  };

  const save = async (e: Event) => {
    e.preventDefault();
    setNameError(null);
    setStepError(null);
    setGeneral(null);
    setBusy(true);
    const body = { name: name.trim(), steps: steps.map(stepOf) };
    try {
      const saved = creating ? await api.post<CallFlow>('/api/v1/call-flows', body) : await api.patch<CallFlow>(`/api/v1/call-flows/${id}`, body);
      toast(`${saved.name} saved`, 'good');
      if (creating) navigate(`/admin/call-flows/${saved.id}`);
      else loaded.setData(saved);
    } catch (err) {
      const { field, message } = placeError(err);
      const at = stepErrorOf(field);
      if (at && steps[at.index]) {
        const draftField = DRAFT_FIELD[at.field] ?? 'step';
        setStepError({ index: at.index, field: draftField, message });
        requestAnimationFrame(() => document.getElementById(`step-${steps[at.index].key}-${draftField}`)?.focus());
      } else if (field === 'name') {
        setNameError(message);
        document.getElementById('flow-name')?.focus();
      } else setGeneral(field ? `${field}: ${message}` : message);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setConfirmDelete(false);
    try {
      await api.del(`/api/v1/call-flows/${id}`);
      toast('Call flow removed', 'good');
      navigate('/admin/call-flows');
    } catch (err) {
      setGeneral(describeError(err));
    }
  };

  if (loaded.error) return <div class="card"><h1>Call flow</h1><p class="field-error">{loaded.error}</p></div>;
  if (!creating && !loaded.data) return <div class="loading">Loading…</div>;
  const usedBy = (numbers.data ?? []).filter((n) => !creating && n.call_flow_id === id);
  return (
    <form class="stack" onSubmit={save} noValidate aria-label="Call flow">
      <div class="page-head">
        <div>
          <p class="muted"><Link href="/admin/call-flows">← Call flows</Link></p>
          <h1>{creating ? 'New call flow' : loaded.data!.name}</h1>
          <p class="muted">
            Steps run in order; a step nobody answers in time, or whose users are all skipped, falls through to the next.
          </p>
        </div>
        <div class="row">
          {!creating && <Button variant="ghost" onClick={() => setConfirmDelete(true)}>Delete</Button>}
          <Button type="submit" variant="primary" busy={busy}>{creating ? 'Create call flow' : 'Save call flow'}</Button>
        </div>
      </div>
      <div class="grid-2">
        <div class="stack">
          <section class="card">
            <Field label="Name" id="flow-name" error={nameError}>
              <TextInput id="flow-name" value={name} required onInput={(e) => setName(e.currentTarget.value)} />
            </Field>
          </section>
          <section aria-labelledby="steps-title">
            <h2 id="steps-title">Steps</h2>
            {steps.length === 0 && <p class="muted card">No steps: calls to this flow's numbers are not answered.</p>}
            <ol class="flow-steps">
              {steps.map((step, index) => (
                <StepEditor
                  key={step.key}
                  step={step}
                  index={index}
                  count={steps.length}
                  users={users.data ?? []}
                  groups={groups.data ?? []}
                  error={stepError?.index === index ? stepError : null}
                  onChange={(changed) => setSteps(steps.map((s) => (s.key === changed.key ? changed : s)))}
                  onMove={(by) => move(index, by)}
                  onRemove={() => {
                    setSteps(steps.filter((s) => s.key !== step.key));
                    setStepError(null);
                  }}
                />
              ))}
            </ol>
            <div class="row add-step">
              <Select aria-label="New step rings" value={addType} onChange={(e) => setAddType(e.currentTarget.value as StepType)}
                options={STEP_TYPES.map((t) => ({ value: t, label: STEP_LABELS[t] }))} />
              <Button onClick={() => setSteps([...steps, newStep(addType)])} disabled={steps.length >= 50}>
                Add step
              </Button>
            </div>
            {general && <p class="field-error" role="alert">{general}</p>}
          </section>
        </div>
        <section class="card">
          <h2>Used by</h2>
          {usedBy.length === 0 ? (
            <p class="muted">No number uses this flow yet. Choose it for a number on the <Link href="/admin/numbers">Numbers</Link> page.</p>
          ) : (
            <ul class="plain-list">
              {usedBy.map((n) => <li key={n.id}>{formatPhone(n.e164)} {n.label && <span class="muted">· {n.label}</span>}</li>)}
            </ul>
          )}
        </section>
      </div>
      <Dialog open={confirmDelete} title="Delete this call flow?" onClose={() => setConfirmDelete(false)}
        actions={<><Button onClick={() => setConfirmDelete(false)}>Keep it</Button><Button variant="danger" onClick={() => void remove()}>Delete</Button></>}>
        <p>A flow that numbers still use cannot be deleted.</p>
      </Dialog>
    </form>
  );
}
