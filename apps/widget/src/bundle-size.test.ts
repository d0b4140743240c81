import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { budgets, frameOptions, loaderOptions } from '../build.config.mjs';

/** Gzip size of everything one production build emits (JS, and CSS for the frame). */
async function gzipBytes(options: typeof loaderOptions) {
  const result = await build({
    ...options,
    write: false,
    outdir: '/virtual-out',
    sourcemap: false,
  });
  const files = result.outputFiles.map((file) => ({
    name: file.path.split('/').pop(),
    gzip: gzipSync(file.contents, { level: 9 }).length,
  }));
  return { files, total: files.reduce((sum, file) => sum + file.gzip, 0) };
}

describe('widget bundle budgets (production esbuild options, gzip)', () => {
  it('keeps the loader under 10 KB', async () => {
    const { total, files } = await gzipBytes(loaderOptions);
    expect(files.map((f) => f.name)).toEqual(['loader.js']);
    expect(total).toBeLessThan(budgets.loader);
  });

  it('keeps the frame app, Preact and its CSS included, under 60 KB', async () => {
    const { total, files } = await gzipBytes(frameOptions);
    expect(files.map((f) => f.name).sort()).toEqual(['frame.css', 'frame.js']);
    expect(total).toBeLessThan(budgets.frame);
  });

  it('bundles no zod: only types come from the contracts package', async () => {
    const result = await build({
      ...frameOptions,
      write: false,
      outdir: '/virtual-out',
      metafile: true,
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((path) => path.includes('zod'))).toBe(false);
    expect(inputs.some((path) => path.includes('packages/contracts'))).toBe(false);
  });
});
