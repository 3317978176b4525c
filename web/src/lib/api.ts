// The JSON API client: bearer token, JSON in and out, and the API's error shape
// {"error":{"code","message","field"}} (docs/api.md, R-28) surfaced as a typed ApiError.
import { session } from './session';

export type ApiErrorCode =
  | 'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'method_not_allowed'
  | 'conflict' | 'too_large' | 'unsupported_media_type' | 'range_not_satisfiable'
  | 'too_many_requests' | 'internal' | 'unavailable' | 'bad_request' | 'network'
  | (string & {});

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type QueryValue = string | number | boolean | null | undefined | Array<string | number>;
export type Query = Record<string, QueryValue>;

// "/api/v1/calls" + {phone: ["1", "2"], limit: 50} -> "/api/v1/calls?phone=1&phone=2&limit=50";
// empty, null and undefined values are left out.
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) if (v !== undefined && v !== null && v !== '') params.append(key, String(v));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; field?: string } };
    if (body.error?.code)
      return new ApiError(response.status, body.error.code, body.error.message ?? body.error.code, body.error.field);
  } catch {
    // Not JSON: fall through to a generic error.
  }
  return new ApiError(response.status, 'bad_request', `${response.status} ${response.statusText}`);
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  token?: string; // overrides the session's token (login flows)
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = options.token ?? session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection.');
  }
  if (!response.ok) {
    const error = await errorOf(response);
    if (response.status === 401 && token === session.token()) session.expired();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('Content-Type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
  del: <T>(path: string) => request<T>('DELETE', path),
};

// A protected file (a recording) as an object URL for <audio>: the API wants the bearer
// header, which an <audio src> cannot send. The caller revokes the URL when done.
export async function fetchObjectUrl(path: string, signal?: AbortSignal): Promise<string> {
  const token = session.token();
  const response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {}, signal });
  if (!response.ok) throw await errorOf(response);
  return URL.createObjectURL(await response.blob());
}

// A message for people from anything thrown.
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.field ? `${error.message} (${error.field})` : error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
