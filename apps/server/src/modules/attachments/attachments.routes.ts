import type { FastifyRequest } from 'fastify';
import { Attachment, IdParams } from '@kefu/contracts';
import { z } from 'zod';
import { defineRoute } from '../../http/route.ts';
import { AppError } from '../../lib/errors.ts';

/** RFC 6266 / 5987: an ASCII fallback plus the UTF-8 name, so Chinese names survive. */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string) {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** The one file of a multipart upload (field "file"), as a stream with its name and type. */
export async function uploadedFile(request: FastifyRequest) {
  if (!request.isMultipart())
    throw new AppError(
      'unsupported_media_type',
      'Send the file as multipart/form-data in a field named "file"',
    );
  const file = await request.file();
  if (!file || file.fieldname !== 'file')
    throw new AppError('validation_failed', 'file: attach a file in a field named "file"', {
      field: 'file',
    });
  return { filename: file.filename, contentType: file.mimetype, data: file.file };
}

export const attachmentRoutes = [
  defineRoute({
    method: 'POST',
    path: '/api/v1/attachments',
    summary: 'Upload a file (multipart/form-data, field "file") to attach to a message',
    tag: 'attachments',
    access: 'conversations:write',
    rawBody: true,
    response: Attachment,
    status: 201,
    handler: async ({ services, actor, request }) =>
      services.attachments.upload(actor, await uploadedFile(request)),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/attachments/:id',
    summary: 'Download an attachment',
    tag: 'attachments',
    access: 'conversations:read',
    params: IdParams,
    response: z.unknown(),
    handler: async ({ services, actor, params, reply }) => {
      const file = await services.attachments.download(actor, params.id);
      reply
        .header('content-type', file.contentType)
        .header('content-length', String(file.size))
        .header('content-disposition', contentDisposition(file.disposition, file.filename))
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, max-age=300');
      return reply.send(file.data);
    },
  }),
];
