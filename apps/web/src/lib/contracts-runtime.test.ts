import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openishStatuses } from '@kefu/contracts';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { openishStatuses as viewStatuses } from '../inbox/views.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('run-time helpers from @kefu/contracts', () => {
  it('bundle without zod', async () => {
    const result = await build({
      entryPoints: [path.join(here, 'contracts-runtime.ts')],
      bundle: true,
      write: false,
      format: 'esm',
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((file) => file.includes('zod'))).toEqual([]);
  });

  it('agree with the contracts on which statuses are open-ish', () => {
    expect([...viewStatuses]).toEqual([...openishStatuses]);
  });
});
