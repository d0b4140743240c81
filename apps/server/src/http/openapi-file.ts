import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The committed OpenAPI document; CI fails when it differs from what the code generates. */
export const openApiPath = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../openapi.json',
);

export const serializeOpenApi = (document: unknown) => `${JSON.stringify(document, null, 2)}\n`;
