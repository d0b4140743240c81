import { errorCodes } from '@kefu/contracts';
import { z } from 'zod';
import type { AnyRoute } from './route.ts';

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** Query and path parameters from an object schema, one OpenAPI parameter per property. */
function parameters(schema: z.ZodType | undefined, location: 'path' | 'query') {
  if (!schema) return [];
  const json = toSchema(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    schema: property,
  }));
}

const ErrorResponse = {
  description: 'An error with a stable code',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: { type: 'string', enum: errorCodes },
              message: { type: 'string' },
              field: { type: 'string' },
              details: { type: 'object' },
              requestId: { type: 'string' },
            },
          },
        },
      },
    },
  },
};

/** The OpenAPI 3.1 document, generated from the route table's zod schemas. */
export function buildOpenApi(routes: AnyRoute[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const status = String(route.status ?? 200);
    const operation: Record<string, unknown> = {
      summary: route.summary,
      tags: [route.tag],
      operationId: `${route.method.toLowerCase()}${path.replace(/\{(\w+)\}/g, 'By-$1').replace(/[^a-zA-Z0-9]+(\w)/g, (_m, c: string) => c.toUpperCase())}`,
      security:
        route.access === 'public'
          ? []
          : route.access === 'session'
            ? [{ session: [] }]
            : [{ session: [] }, { bearer: [] }],
      'x-kefu-access': route.access,
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      responses: {
        [status]:
          status === '204'
            ? { description: 'Done' }
            : {
                description: 'Success',
                content: { 'application/json': { schema: toSchema(route.response, 'output') } },
              },
        '4XX': ErrorResponse,
      },
    };
    if (route.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: toSchema(route.body, 'input') } },
      };
    }
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kefu API',
      version: '1.0.0',
      description: 'Kefu (客服) customer-service platform API',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'kefu_session',
          description: 'Send x-csrf-token on changes',
        },
        bearer: { type: 'http', scheme: 'bearer', description: 'A workspace API token' },
      },
    },
    paths,
  };
}
