// Where the server's main thread spends its time while posting messages: starts Kefu on the
// benchmark database, drives posts from the load generator's child process (not profiled) and records a V8 CPU
// profile of the main thread, then prints the functions with the most self time.
//
//   npm run bench:seed && node --import tsx bench/profile-post.ts [--connections 8] [--seconds 10]
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createKefu } from '../apps/server/src/server.ts';
import { runLoad } from './load.ts';
import {
  benchConfig,
  benchOwner,
  defaultPgliteDir,
  defaultPostgresUrl,
  repoRoot,
} from './shared.ts';
import { benchReplies } from './templates.ts';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '10' },
    'database-url': { type: 'string', default: defaultPostgresUrl },
  },
});

const kefu = await createKefu(
  benchConfig('postgres', { url: values['database-url'], pgliteDir: defaultPgliteDir }),
);
const base = await kefu.app.listen({ host: '127.0.0.1', port: 0 });
const login = await fetch(`${base}/api/v1/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: benchOwner.email, password: benchOwner.password }),
});
const session = (await login.json()) as { csrfToken: string; workspace: { id: string } };
const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
const targets = (
  await sql<{ id: string }>`select id from conversations
    where workspace_id = ${session.workspace.id} and status in ('open', 'pending')
      and merged_into_id is null and channel <> 'email' order by random() limit 2000`.execute(
    kefu.database.db,
  )
).rows.map((r) => `/api/v1/conversations/${r.id}/messages`);
const spec = (durationSec: number) => ({
  name: 'post',
  url: base,
  method: 'POST' as const,
  paths: targets,
  bodies: benchReplies.map((body) => JSON.stringify({ body })),
  headers: { cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' },
  connections: Number(values.connections),
  durationSec,
});

await runLoad(spec(3)); // warm-up: JIT, pools, caches
const inspector = new Session();
inspector.connect();
await inspector.post('Profiler.enable');
await inspector.post('Profiler.setSamplingInterval', { interval: 200 });
await inspector.post('Profiler.start');
const result = await runLoad(spec(Number(values.seconds)));
const { profile } = await inspector.post('Profiler.stop');
inspector.disconnect();
await kefu.close();

const file = path.join(repoRoot, '.tmp', 'post.cpuprofile');
await writeFile(file, JSON.stringify(profile));
const interval = (profile.endTime - profile.startTime) / profile.samples!.length / 1000;
const self = new Map<string, number>();
const counts = new Map<number, number>();
for (const id of profile.samples!) counts.set(id, (counts.get(id) ?? 0) + 1);
for (const node of profile.nodes) {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '')}:${lineNumber + 1}`;
  self.set(where, (self.get(where) ?? 0) + (counts.get(node.id) ?? 0) * interval);
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const idle = self.get('(idle) :0') ?? 0;
console.log(
  `${result.throughput} posts/s, p99 ${result.latencyMs.p99} ms; main thread busy ${(((total - idle) / total) * 100).toFixed(0)}%, ${((total - idle) / (result.throughput * Number(values.seconds))).toFixed(2)} ms per post`,
);
// Self time by package (node_modules/<name>), Kefu folder or Node internals.
const byPackage = new Map<string, number>();
for (const node of profile.nodes) {
  const url = node.callFrame.url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  const own = /\/(apps|packages)\/([^/]+)\/src\/(?:modules\/)?([^/]+)/.exec(url);
  const key =
    pkg ??
    (own
      ? `kefu ${own[2]}/${own[3]}`
      : url
        ? `node ${url.split('/').pop()}`
        : node.callFrame.functionName || '(native)');
  byPackage.set(key, (byPackage.get(key) ?? 0) + (counts.get(node.id) ?? 0) * interval);
}
console.log('\nSelf time by package:');
for (const [key, ms] of [...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(`${((ms / (total - idle)) * 100).toFixed(1).padStart(5)}%  ${key}`);
console.log('\nFunctions with the most self time:');
for (const [where, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40))
  console.log(`${((ms / total) * 100).toFixed(1).padStart(5)}%  ${where}`);
console.log(`profile: ${path.relative(process.cwd(), file)} (open in Chrome DevTools)`);
