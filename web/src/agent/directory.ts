// Names the agent app shows for ids: the team (GET /api/v1/users) and the organization's
// settings lists (GET /api/v1/settings), each loaded once per page load.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api';
import type { OrganizationSettings, Page, UserWithState } from '../lib/types';

let team: Promise<Map<string, UserWithState>> | null = null;
let settings: Promise<OrganizationSettings> | null = null;

export function loadTeam(): Promise<Map<string, UserWithState>> {
  team ??= api.get<Page<UserWithState>>('/api/v1/users').then((page) => new Map(page.items.map((u) => [u.id, u])));
  team.catch(() => (team = null));
  return team;
}

export function loadSettings(): Promise<OrganizationSettings> {
  settings ??= api.get<OrganizationSettings>('/api/v1/settings');
  settings.catch(() => (settings = null));
  return settings;
}

export function useTeam(): Map<string, UserWithState> {
  const [members, setMembers] = useState(new Map<string, UserWithState>());
  useEffect(() => {
    loadTeam().then(setMembers, () => {});
  }, []);
  return members;
}

// The organization's disposition and sentiment lists; `loaded` stays false until the
// settings answer (or fail to), so a form does not offer free text while a list loads.
export interface SettingsLists {
  dispositions: string[];
  sentiments: string[];
  loaded: boolean;
}

export function useSettingsLists(): SettingsLists {
  const [lists, setLists] = useState<SettingsLists>({ dispositions: [], sentiments: [], loaded: false });
  useEffect(() => {
    loadSettings().then(
      (s) => setLists({ dispositions: s.settings.dispositions ?? [], sentiments: s.settings.sentiments ?? [], loaded: true }),
      () => setLists((current) => ({ ...current, loaded: true })),
    );
  }, []);
  return lists;
}

export function nameOf(members: Map<string, UserWithState>, id: string | null | undefined): string {
  if (!id) return '—';
  return members.get(id)?.name ?? 'Someone';
}
