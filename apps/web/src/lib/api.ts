import type { ErrorBody, ErrorCode } from './types.ts';

/** An API failure with the server's stable code and its human-readable message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network',
    message: string,
    readonly field?: string,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Query = Record<
  string,
  string | number | boolean | readonly string[] | null | undefined
>;

interface ClientState {
  csrfToken: string | null;
  onUnauthenticated: (() => void) | null;
}

const state: ClientState = { csrfToken: null, onUnauthenticated: null };

/** Remember the session's CSRF token; every state-changing request sends it back. */
export function setCsrfToken(token: string | null) {
  state.csrfToken = token;
}

/** Called when any request answers 401 (the session ended elsewhere). */
export function onUnauthenticated(handler: (() => void) | null) {
  state.onUnauthenticated = handler;
}

/** Builds `path?query`, dropping empty values and joining lists with commas. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
    } else params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function toError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as Partial<ErrorBody>;
    if (body.error) {
      const { code, message, field, requestId } = body.error;
      return new ApiError(response.status, code, message, field, requestId);
    }
  } catch {
    // not JSON: fall through to a generic error
  }
  return new ApiError(
    response.status,
    'internal',
    response.statusText || `HTTP ${response.status}`,
  );
}

async function send<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET' && state.csrfToken) headers['x-csrf-token'] = state.csrfToken;
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: payload ?? null,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached');
  }
  if (!response.ok) {
    const error = await toError(response);
    if (response.status === 401 && !path.startsWith('/auth/login')) state.onUnauthenticated?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

/**
 * The API client: JSON in and out, cookies for the session, the CSRF header on writes, and
 * `ApiError` (with the server's code and message) on failure.
 *
 * @example
 *   const page = await api.get<Page<Conversation>>('/conversations', { status: ['open'] });
 */
export const api = {
  get: <T>(path: string, query?: Query) => send<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body?: unknown) => send<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => send<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => send<T>('PUT', path, body),
  delete: <T = void>(path: string) => send<T>('DELETE', path),
  /** Multipart upload of one file in the field `file`. */
  upload: <T>(path: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return send<T>('POST', path, form);
  },
};
