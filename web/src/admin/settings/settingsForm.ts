// The settings the admin page edits (docs/openapi.yaml Settings) and the JSON merge patch
// (RFC 7396) that saves only what changed: an emptied number goes back to its default
// (null removes the key).
import type { Settings } from '../../lib/types';

export interface SettingSpec {
  key: string;
  label: string;
  kind: 'bool' | 'count' | 'choice';
  rule: string; // the R-... it configures
  help: string;
  defaultValue: boolean | number | string;
  choices?: Array<{ value: string; label: string }>;
}

export const ROUTING_SETTINGS: SettingSpec[] = [
  { key: 'ring_user_assigned_to_number', label: 'Ring the user a number is assigned to first', kind: 'bool', rule: 'R-2.1', help: '', defaultValue: true },
  { key: 'ring_timeout_seconds', label: 'Ring timeout of default routing (s)', kind: 'count', rule: 'R-2', help: 'At least 1', defaultValue: 20 },
  { key: 'ring_all_batch', label: 'Ring all: users at once', kind: 'count', rule: 'R-5', help: 'Used clamped to 1..10', defaultValue: 10 },
  { key: 'missed_offers_before_unavailable', label: 'Missed offers before a user is set unavailable', kind: 'count', rule: 'R-11', help: '0: never', defaultValue: 3 },
  { key: 'cool_down_seconds', label: 'Cool-down after a call (s)', kind: 'count', rule: 'R-12', help: "Each user's own setting wins; 0: none", defaultValue: 0 },
  { key: 'confirm_on_sip_phones', label: 'SIP phones press 1 to accept', kind: 'bool', rule: 'R-9', help: 'Ring-through numbers always do', defaultValue: false },
  { key: 'voicemail_enabled', label: 'Voicemail when nobody answers', kind: 'bool', rule: 'R-14', help: '', defaultValue: true },
  { key: 'record_calls', label: 'Record calls', kind: 'bool', rule: 'R-26', help: 'Stereo WAV, caller and agent apart', defaultValue: true },
];

export const LEAD_SETTINGS: SettingSpec[] = [
  {
    key: 'create_lead_for_unknown_caller', label: 'New lead for an unknown caller', kind: 'choice', rule: 'R-1', help: '', defaultValue: 'on_answer',
    choices: [{ value: 'on_answer', label: 'When the call is answered' }, { value: 'on_arrival', label: 'When the call arrives' }, { value: 'never', label: 'Never' }],
  },
  {
    key: 'lead_assignment', label: 'On answer, give the lead to the agent', kind: 'choice', rule: 'R-18', help: 'The lead pops for the agent who answers', defaultValue: 'always',
    choices: [{ value: 'always', label: 'Always' }, { value: 'if_unowned', label: 'Only when it has no owner' }],
  },
];

export const KNOWN_KEYS = new Set([...ROUTING_SETTINGS, ...LEAD_SETTINGS].map((s) => s.key).concat(['dispositions', 'sentiments']));

// Editor values: booleans and choices as themselves, counts as the text typed.
export type Draft = Record<string, boolean | string | string[]>;

export function draftOf(settings: Settings): Draft {
  const draft: Draft = {};
  for (const spec of [...ROUTING_SETTINGS, ...LEAD_SETTINGS]) {
    const value = settings[spec.key];
    if (spec.kind === 'count') draft[spec.key] = typeof value === 'number' ? String(value) : '';
    else draft[spec.key] = (value ?? spec.defaultValue) as boolean | string;
  }
  draft.dispositions = settings.dispositions ?? [];
  draft.sentiments = settings.sentiments ?? [];
  return draft;
}

function valueOf(spec: SettingSpec | undefined, value: Draft[string]): unknown {
  // An emptied list is removed: a list that is set must hold the logged value.
  if (Array.isArray(value)) return value.length ? value : null;
  if (spec?.kind !== 'count') return value;
  const text = String(value).trim();
  if (text === '') return null;
  // Whole numbers as numbers; anything else as typed, for the API to name the fault.
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

export function patchOf(draft: Draft, stored: Settings): Record<string, unknown> {
  const specs = new Map([...ROUTING_SETTINGS, ...LEAD_SETTINGS].map((s) => [s.key, s]));
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(draft)) {
    const spec = specs.get(key);
    const next = valueOf(spec, value);
    const before = stored[key] ?? (spec && spec.kind !== 'count' ? spec.defaultValue : null);
    if (JSON.stringify(next) !== JSON.stringify(before)) patch[key] = next;
  }
  return patch;
}
