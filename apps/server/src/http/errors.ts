import type { ErrorBody } from '@kefu/contracts';
import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../lib/errors.ts';

/** Maps Fastify's own errors (bad JSON, body too large, wrong content type) to stable codes. */
function fromFastify(error: FastifyError): AppError | null {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('invalid_json', 'The request body is not valid JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError('payload_too_large', 'The request is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError(
        'unsupported_media_type',
        'Send JSON with Content-Type: application/json',
      );
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('unsupported_media_type', 'Send the file as multipart/form-data');
    default:
      if (error instanceof SyntaxError)
        return new AppError('invalid_json', 'The request body is not valid JSON');
      if (error.statusCode === 413)
        return new AppError('payload_too_large', 'The request is too large');
      if (error.statusCode === 415)
        return new AppError('unsupported_media_type', 'This content type is not accepted here');
      if (error.statusCode === 400) return new AppError('validation_failed', error.message);
      return null;
  }
}

/** One error shape for every failure; 5xx details go to the log, never to the client. */
export function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = error instanceof AppError ? error : fromFastify(error);
    if (!appError) {
      request.log.error({ err: error }, 'unhandled error');
      const body: ErrorBody = {
        error: {
          code: 'internal',
          message: 'Something went wrong on our side; it has been logged',
          requestId: request.id,
        },
      };
      return reply.status(500).send(body);
    }
    if (appError.status >= 500) request.log.error({ err: error }, appError.message);
    const body: ErrorBody = {
      error: {
        code: appError.code,
        message: appError.message,
        ...(appError.options.field ? { field: appError.options.field } : {}),
        ...(appError.options.details ? { details: appError.options.details } : {}),
        requestId: request.id,
      },
    };
    return reply.status(appError.status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = {
      error: {
        code: 'not_found',
        message: `No route for ${request.method} ${request.url.split('?')[0]}`,
        requestId: request.id,
      },
    };
    return reply.status(404).send(body);
  });
}
