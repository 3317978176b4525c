// Loaders for the lists the admin pages share (users, numbers, call flows, groups): each
// page loads what it shows when it opens, so it is never stale after an edit elsewhere.
import { api } from '../lib/api';
import type { Page, UserWithState } from '../lib/types';
import { useAsync } from '../lib/useAsync';
import type { CallFlow, Group, PhoneNumber } from './adminTypes';

export const loadUsers = (signal?: AbortSignal) => api.get<Page<UserWithState>>('/api/v1/users', undefined, signal).then((p) => p.items);
export const loadNumbers = (signal?: AbortSignal) => api.get<Page<PhoneNumber>>('/api/v1/numbers', undefined, signal).then((p) => p.items);
export const loadFlows = (signal?: AbortSignal) => api.get<Page<CallFlow>>('/api/v1/call-flows', undefined, signal).then((p) => p.items);
export const loadGroups = (signal?: AbortSignal) => api.get<Page<Group>>('/api/v1/groups', undefined, signal).then((p) => p.items);

export const useUsers = () => useAsync(loadUsers, []);
export const useNumbers = () => useAsync(loadNumbers, []);
export const useFlows = () => useAsync(loadFlows, []);
export const useGroups = () => useAsync(loadGroups, []);

export function byId<T extends { id: string }>(items: T[] | null): Map<string, T> {
  return new Map((items ?? []).map((item) => [item.id, item]));
}

export function nameIn(users: Map<string, { name: string }>, id: string | null | undefined, none = '—'): string {
  if (!id) return none;
  return users.get(id)?.name ?? `unknown user (${id.slice(-6)})`;
}

export const userOptions = (users: UserWithState[] | null) =>
  (users ?? []).slice().sort((a, b) => a.name.localeCompare(b.name)).map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }));
