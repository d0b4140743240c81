// The widget's esbuild options, used by scripts/build-frontends.mjs (spread over its shared
// options, so these win) and by src/bundle-size.test.ts, so the size budget is checked on
// exactly what production serves. Everything that changes the output size is set here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  minify: true,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
};

/**
 * The loader runs on customers' pages, in browsers we do not choose: an older target.
 * @type {import('esbuild').BuildOptions}
 */
export const loaderOptions = {
  ...common,
  entryPoints: [path.join(here, 'src/loader.ts')],
  format: 'iife',
  target: ['es2019'],
};

/**
 * The iframe app (Preact). Its CSS is imported from the entry and emitted as frame.css.
 * @type {import('esbuild').BuildOptions}
 */
export const frameOptions = {
  ...common,
  entryPoints: { frame: path.join(here, 'src/frame.tsx') },
  format: 'esm',
  target: ['chrome111', 'firefox115', 'safari16.4'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
};

/** Gzip budgets in bytes (the CI limits). */
export const budgets = { loader: 10 * 1024, frame: 60 * 1024 };
