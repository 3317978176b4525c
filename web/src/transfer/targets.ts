// Who a call can be transferred to: colleagues with their live state (R-4: only
// an available one can be rung), groups, or a typed number. Loaded fresh each time the
// picker opens, since states change by the second.
import { ApiError, api } from '../lib/api';
import { formatPhone } from '../lib/format';
import { looksLikeNumber, toE164 } from '../lib/phone';
import type { Group, OrganizationSettings, Page, TransferRequest, UserWithState } from '../lib/types';
import type { Tone } from '../ui';

export interface TargetOption {
  key: string;
  kind: 'user' | 'group' | 'number';
  name: string; // what "Transfer to <name>" says
  detail: string;
  state?: { label: string; tone: Tone };
  unavailableWhy: string | null; // set: shown, but cannot be picked
  request: TransferRequest | null;
}

export interface Directory {
  users: UserWithState[];
  groups: Group[];
  groupsHidden: boolean; // the server would not list groups for this user
  country: string;
}

export async function loadDirectory(signal?: AbortSignal): Promise<Directory> {
  const [users, groups, settings] = await Promise.all([
    api.get<Page<UserWithState>>('/api/v1/users', undefined, signal),
    api.get<Page<Group>>('/api/v1/groups', undefined, signal).catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 403) return null;
      throw e;
    }),
    api.get<OrganizationSettings>('/api/v1/settings', undefined, signal).catch(() => null),
  ]);
  return { users: users.items, groups: groups?.items ?? [], groupsHidden: groups === null, country: settings?.default_country || 'US' };
}

// A colleague's live state as the picker shows it, and why they cannot be rung now.
function colleagueState(user: UserWithState): { label: string; tone: Tone; why: string | null } {
  const state = user.state;
  if (!state) return { label: 'Unknown', tone: 'neutral', why: null }; // the server decides
  switch (state.status) {
    case 'available': return { label: 'Available', tone: 'good', why: null };
    case 'on_call': return { label: 'On a call', tone: 'info', why: 'On another call' };
    case 'cool_down': return { label: 'On a call', tone: 'warn', why: 'Wrapping up a call (cool-down)' };
    case 'unreachable': return { label: 'Unavailable', tone: 'bad', why: 'No phone connected' };
    case 'unavailable': return { label: 'Unavailable', tone: 'neutral', why: state.unavailable_reason ? `Unavailable: ${state.unavailable_reason}` : 'Set unavailable' };
  }
}

function matches(name: string, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const haystack = name.toLowerCase();
  return words.every((w) => haystack.includes(w));
}

// The options for what was typed: a number first when it reads as one, then colleagues
// (available ones first) and groups whose names match. `selfId` is left out: one cannot
// transfer a call to oneself.
export function targetOptions(directory: Directory, query: string, selfId: string | null): TargetOption[] {
  const options: TargetOption[] = [];
  const text = query.trim();
  if (looksLikeNumber(text)) {
    const e164 = toE164(text, directory.country);
    options.push({
      key: 'number',
      kind: 'number',
      name: e164 ? formatPhone(e164) : text,
      detail: e164 ? 'Phone number' : 'Type the whole number, with its country code (+44 …) when it is abroad',
      unavailableWhy: e164 ? null : 'Not a valid phone number',
      request: e164 ? { number: e164 } : null,
    });
    return options;
  }
  const people = directory.users
    .filter((u) => u.id !== selfId && matches(u.name, text))
    .map((u) => ({ user: u, state: colleagueState(u) }))
    .sort((a, b) => Number(a.state.why !== null) - Number(b.state.why !== null) || a.user.name.localeCompare(b.user.name));
  for (const { user, state } of people)
    options.push({
      key: `user-${user.id}`,
      kind: 'user',
      name: user.name,
      detail: state.why ?? 'Colleague',
      state: { label: state.label, tone: state.tone },
      unavailableWhy: state.why,
      request: { user_id: user.id },
    });
  for (const group of directory.groups.filter((g) => matches(g.name, text)).sort((a, b) => a.name.localeCompare(b.name)))
    options.push({
      key: `group-${group.id}`,
      kind: 'group',
      name: group.name,
      detail: group.member_ids.length ? `Group · rings its available members` : 'Group · by filter',
      state: { label: 'Group', tone: 'info' },
      unavailableWhy: null,
      request: { group_id: group.id },
    });
  return options;
}
