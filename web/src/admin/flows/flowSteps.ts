// A call flow's steps as the editor holds them, and their API form. Only the fields
// a step type reads are sent; the API checks the rest and names the step and field at
// fault ("steps[2].group_id"), which stepErrorOf() maps back to the editor.
import type { CallFlowStep, StepType, Strategy } from '../adminTypes';

export interface StepDraft {
  key: number; // stable identity while steps move
  type: StepType;
  strategy: Strategy;
  ringTimeout: string; // empty: the default (20 s)
  confirm: boolean;
  userId: string;
  groupId: string;
  number: string;
}

export const STEP_LABELS: Record<StepType, string> = {
  owner: "Lead's owner",
  user: 'A user',
  group: 'A group',
  number: 'A phone number',
  forwarding: "The number's forwarding number",
  company: 'The company phone',
  voicemail: 'Voicemail',
  hangup: 'Hang up',
};

export const STRATEGY_LABELS: Record<Strategy, string> = {
  ring_all: 'Ring all at once',
  longest_idle: 'Longest idle first',
  round_robin: 'Round robin',
  sequential: 'Sequential (in order)',
  random: 'Random',
};

// Steps that offer the call to users (strategy matters only for a group; confirmation,
// R-9, only when a user answers).
export const RINGS_USERS: ReadonlySet<StepType> = new Set(['owner', 'user', 'group']);
// Steps that ring something for a while, so a ring timeout applies.
export const RINGS: ReadonlySet<StepType> = new Set(['owner', 'user', 'group', 'number', 'forwarding', 'company']);

let nextKey = 1;

export function newStep(type: StepType = 'group'): StepDraft {
  return { key: nextKey++, type, strategy: 'ring_all', ringTimeout: '', confirm: false, userId: '', groupId: '', number: '' };
}

export function draftsOf(steps: CallFlowStep[]): StepDraft[] {
  return steps.map((s) => ({
    ...newStep(s.type),
    strategy: s.strategy ?? 'ring_all',
    ringTimeout: s.ring_timeout === undefined ? '' : String(s.ring_timeout),
    confirm: s.confirm ?? false,
    userId: s.user_id ?? '',
    groupId: s.group_id ?? '',
    number: s.number ?? '',
  }));
}

export function stepOf(draft: StepDraft): CallFlowStep {
  const step: CallFlowStep = { type: draft.type };
  if (draft.type === 'group') step.strategy = draft.strategy;
  if (RINGS.has(draft.type) && draft.ringTimeout.trim() !== '') {
    const text = draft.ringTimeout.trim();
    // Anything but whole seconds goes as typed, for the API to name what is wrong with it.
    step.ring_timeout = (/^\d+$/.test(text) ? Number(text) : text) as number;
  }
  if (RINGS_USERS.has(draft.type)) step.confirm = draft.confirm;
  if (draft.type === 'user') step.user_id = draft.userId;
  if (draft.type === 'group') step.group_id = draft.groupId;
  if (draft.type === 'number') step.number = draft.number.trim();
  return step;
}

// A step moved one place up (-1) or down (+1); the same array when it cannot move.
export function moveStep(steps: StepDraft[], index: number, by: -1 | 1): StepDraft[] {
  const to = index + by;
  if (to < 0 || to >= steps.length) return steps;
  const next = steps.slice();
  [next[index], next[to]] = [next[to], next[index]];
  return next;
}

// "steps[2].group_id" -> {index: 2, field: "group_id"}; "steps[1]" -> field "step".
export function stepErrorOf(field: string | null): { index: number; field: string } | null {
  const match = field ? /^steps\[(\d+)\](?:\.(\w+))?$/.exec(field) : null;
  return match ? { index: Number(match[1]), field: match[2] ?? 'step' } : null;
}

// The editor's field name for an API step field.
export const DRAFT_FIELD: Record<string, keyof StepDraft | 'step'> = {
  type: 'type', strategy: 'strategy', ring_timeout: 'ringTimeout', confirm: 'confirm', user_id: 'userId', group_id: 'groupId',
  number: 'number', step: 'step',
};
