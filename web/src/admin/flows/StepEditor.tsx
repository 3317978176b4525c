// One step of a call flow in the editor: what it rings, how (strategy for a group), for
// how long, with confirmation or not; moved with buttons so the keyboard can reorder.
import type { UserWithState } from '../../lib/types';
import { Button, Field, Select, TextInput } from '../../ui';
import { STEP_TYPES, STRATEGIES, type Group, type StepType, type Strategy } from '../adminTypes';
import { userOptions } from '../adminData';
import { RINGS, RINGS_USERS, STEP_LABELS, STRATEGY_LABELS, type StepDraft } from './flowSteps';

interface Props {
  step: StepDraft;
  index: number;
  count: number;
  users: UserWithState[];
  groups: Group[];
  error: { field: string; message: string } | null;
  onChange: (step: StepDraft) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

export function StepEditor({ step, index, count, users, groups, error, onChange, onMove, onRemove }: Props) {
  const id = (field: string) => `step-${step.key}-${field}`;
  const errorOn = (field: string) => (error?.field === field ? error.message : null);
  const set = (patch: Partial<StepDraft>) => onChange({ ...step, ...patch });
  const n = index + 1;
  return (
    <li class={`flow-step${error ? ' has-step-error' : ''}`} aria-label={`Step ${n}: ${STEP_LABELS[step.type]}`} data-step-key={step.key}>
      <div class="flow-step-head">
        <span class="step-number" aria-hidden="true">{n}</span>
        <strong>{STEP_LABELS[step.type]}</strong>
        <span class="spacer" />
        <Button size="sm" variant="ghost" id={id('up')} aria-label={`Move step ${n} up`} disabled={index === 0} onClick={() => onMove(-1)}>
          ↑
        </Button>
        <Button size="sm" variant="ghost" id={id('down')} aria-label={`Move step ${n} down`} disabled={index === count - 1} onClick={() => onMove(1)}>
          ↓
        </Button>
        <Button size="sm" variant="ghost" aria-label={`Remove step ${n}`} onClick={onRemove}>
          Remove
        </Button>
      </div>
      <div class="flow-step-fields">
        <Field label="Rings" id={id('type')} error={errorOn('type')}>
          <Select id={id('type')} value={step.type} onChange={(e) => set({ type: e.currentTarget.value as StepType })}
            options={STEP_TYPES.map((t) => ({ value: t, label: STEP_LABELS[t] }))} />
        </Field>
        {step.type === 'user' && (
          <Field label="User" id={id('userId')} error={errorOn('userId')}>
            <Select id={id('userId')} value={step.userId} placeholder="Choose a user" options={userOptions(users)}
              onChange={(e) => set({ userId: e.currentTarget.value })} />
          </Field>
        )}
        {step.type === 'group' && (
          <Field label="Group" id={id('groupId')} error={errorOn('groupId')}>
            <Select id={id('groupId')} value={step.groupId} placeholder="Choose a group"
              options={groups.map((g) => ({ value: g.id, label: g.name }))} onChange={(e) => set({ groupId: e.currentTarget.value })} />
          </Field>
        )}
        {step.type === 'number' && (
          <Field label="Number" id={id('number')} error={errorOn('number')} help="E.164, e.g. +15550100009">
            <TextInput id={id('number')} type="tel" value={step.number} onInput={(e) => set({ number: e.currentTarget.value })} />
          </Field>
        )}
        {step.type === 'group' && (
          <Field label="Strategy" id={id('strategy')} error={errorOn('strategy')} help={step.strategy === 'ring_all' ? 'Up to 10 at once (R-5)' : 'One at a time'}>
            <Select id={id('strategy')} value={step.strategy} onChange={(e) => set({ strategy: e.currentTarget.value as Strategy })}
              options={STRATEGIES.map((s) => ({ value: s, label: STRATEGY_LABELS[s] }))} />
          </Field>
        )}
        {RINGS.has(step.type) && (
          <Field label="Ring timeout (s)" id={id('ringTimeout')} error={errorOn('ringTimeout')} help="Empty: 20 s">
            <TextInput id={id('ringTimeout')} inputMode="numeric" value={step.ringTimeout} placeholder="20"
              onInput={(e) => set({ ringTimeout: e.currentTarget.value })} />
          </Field>
        )}
        {RINGS_USERS.has(step.type) && (
          <div class="field">
            <label class="check" for={id('confirm')}>
              <input type="checkbox" id={id('confirm')} checked={step.confirm} onChange={(e) => set({ confirm: e.currentTarget.checked })} />
              Ask to press 1 to accept (R-9)
            </label>
            {errorOn('confirm') && <div class="field-error" role="alert">{errorOn('confirm')}</div>}
          </div>
        )}
      </div>
      {errorOn('step') && <div class="field-error" role="alert">{errorOn('step')}</div>}
    </li>
  );
}
