import fs from 'node:fs/promises';
import { buildOpenApi } from '../http/openapi.ts';
import { openApiPath, serializeOpenApi } from '../http/openapi-file.ts';
import { apiRoutes } from '../http/routes.ts';

/** Regenerates the committed OpenAPI document from the route table (`npm run openapi`). */
await fs.writeFile(openApiPath, serializeOpenApi(buildOpenApi(apiRoutes)));
console.log(`Wrote ${openApiPath}`);
