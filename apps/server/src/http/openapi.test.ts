import fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from './openapi.ts';
import { openApiPath, serializeOpenApi } from './openapi-file.ts';
import { apiRoutes } from './routes.ts';

describe('OpenAPI document', () => {
  it('is committed and up to date (run `npm run openapi` after changing a route or schema)', async () => {
    const committed = await fs.readFile(openApiPath, 'utf8');
    expect(committed).toBe(serializeOpenApi(buildOpenApi(apiRoutes)));
  });

  it('describes every route with a summary and a response', () => {
    const document = buildOpenApi(apiRoutes);
    const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods));
    expect(operations).toHaveLength(apiRoutes.length);
    for (const operation of operations as { summary: string; responses: object }[]) {
      expect(operation.summary.length).toBeGreaterThan(3);
      expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
    }
  });
});
