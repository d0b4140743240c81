// `npm start`: bundles the server's own TypeScript with esbuild (about a tenth of a second) and
// runs it on plain Node. Dependencies stay external and load natively, which starts Kefu about
// twice as fast as running the sources through a TypeScript loader.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { buildFrontends, defaultOutDir } from './build-frontends.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, '.tmp', 'dist', 'main.mjs');

await build({
  entryPoints: [path.join(root, 'apps/server/src/main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  // Our workspace packages are TypeScript sources: bundle them rather than import them at run time.
  alias: {
    '@kefu/contracts': path.join(root, 'packages/contracts/src/index.ts'),
    '@kefu/text': path.join(root, 'packages/text/src/index.ts'),
  },
  // The bundle lives elsewhere, so tell the migrator where the SQL files are.
  define: {
    'process.env.KEFU_MIGRATIONS_DIR': JSON.stringify(
      path.join(root, 'apps/server/src/db/migrations'),
    ),
    'process.env.KEFU_PUBLIC_DIR': JSON.stringify(defaultOutDir),
  },
  sourcemap: 'inline',
  logLevel: 'warning',
});

// The agent workspace, the widget and the demo page: a second or less with esbuild. PUBLIC_DIR
// moves them (the server reads the same variable).
await buildFrontends({
  outDir: process.env.PUBLIC_DIR ? path.resolve(process.env.PUBLIC_DIR) : defaultOutDir,
});

process.setSourceMapsEnabled(true);
await import(pathToFileURL(outfile).href);
