/**
 * Stable error codes and the one table that maps each to an HTTP status.
 * Clients translate by code; the code never changes once published.
 */
export const errorStatus = {
  validation_failed: 400,
  invalid_json: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  /** A widget identity token (JWT) was refused; `details.reason` says why. */
  invalid_identity_token: 401,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  already_exists: 409,
  /** A survey that no longer takes answers: its window passed or the conversation closed. */
  survey_closed: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  not_ready: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;
export const errorCodes = Object.keys(errorStatus) as ErrorCode[];

/** The body of every error response. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    /** The request field at fault, as a dotted path (`message.body`). */
    field?: string;
    details?: Record<string, unknown>;
    requestId?: string;
  };
}
