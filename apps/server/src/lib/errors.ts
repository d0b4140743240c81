import { type ErrorCode, errorStatus } from '@kefu/contracts';

/**
 * The one error type that crosses layers. Services throw it with a stable code; the HTTP layer
 * maps the code to a status through `errorStatus` and shows the message to the person.
 */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: { field?: string; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.status = errorStatus[code];
  }
}

/** Not found, worded the same whether the row is missing or belongs to another workspace. */
export function notFound(what: string): AppError {
  return new AppError('not_found', `${what} not found`);
}
