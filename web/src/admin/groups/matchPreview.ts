// "Who matches now" for a group (R-4), computed in the browser from the users' attributes
// and live state (the API has no preview route): the group's members, or every user when
// it lists none, that pass the filter for a sample lead; and whether each could ring now.
import type { UserWithState } from '../../lib/types';
import { evaluate, parseFilter, type FilterNode } from './groupFilter';

export interface Match {
  user: UserWithState;
  ringsNow: boolean; // available, reachable, not on a call, not cooling down
}

export interface Preview {
  matches: Match[];
  excluded: UserWithState[]; // members the filter leaves out
  filterError: string | null;
  node: FilterNode | null;
}

export function previewGroup(memberIds: string[], filter: string, users: UserWithState[], lead: unknown): Preview {
  let node: FilterNode | null = null;
  let filterError: string | null = null;
  if (filter.trim()) {
    try {
      node = parseFilter(filter);
    } catch (e) {
      filterError = (e as Error).message;
    }
  }
  const byId = new Map(users.map((u) => [u.id, u]));
  const candidates = memberIds.length
    ? memberIds.map((id) => byId.get(id)).filter((u): u is UserWithState => u !== undefined)
    : users.slice().sort((a, b) => a.name.localeCompare(b.name));
  const matches: Match[] = [];
  const excluded: UserWithState[] = [];
  for (const user of candidates) {
    // A filter that does not parse matches nobody, as routing would refuse it.
    const passes = filterError ? false : node ? evaluate(node, user.attributes ?? {}, lead ?? {}) : true;
    if (passes) matches.push({ user, ringsNow: user.state?.status === 'available' });
    else excluded.push(user);
  }
  return { matches, excluded, filterError, node };
}
