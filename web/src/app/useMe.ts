// The signed-in user (GET /api/v1/me), loaded once per token and shared by every
// component; refreshMe() reloads it (after availability changes, on resync).
import { useEffect } from 'preact/hooks';
import { api, describeError } from '../lib/api';
import { session } from '../lib/session';
import { useChanges } from '../lib/useChanges';
import type { Me } from '../lib/types';

let loading: Promise<void> | null = null;
let lastError: string | null = null;

export function refreshMe(): Promise<void> {
  if (!session.token()) return Promise.resolve();
  loading = api
    .get<Me>('/api/v1/me')
    .then((me) => {
      lastError = null;
      session.setMe(me);
    })
    .catch((e) => {
      lastError = describeError(e);
      session.setMe(null);
    })
    .finally(() => {
      loading = null;
    });
  return loading;
}

export function useMe(): { me: Me | null; error: string | null } {
  useChanges(session);
  useEffect(() => {
    if (session.token() && !session.me() && !loading && !lastError) void refreshMe();
  });
  return { me: session.me(), error: session.me() ? null : lastError };
}
