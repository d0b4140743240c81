import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Runs `npm start` as a person would and waits for the banner with the address. */
async function start(
  dataDir: string,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn('npm', ['start'], {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PUBLIC_DIR: path.join(dataDir, 'public'),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      SMTP_PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 90 s:\n${output}`)), 90_000);
    child.stdout.on('data', () => {
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match && output.includes('Demo login')) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
  return { child, url, output: () => output };
}

/** True while any process of the group is alive (signal 0 only checks). */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stop(child: ChildProcess): Promise<void> {
  const pid = child.pid!;
  // The whole group: npm and the node process it started.
  if (groupAlive(pid)) process.kill(-pid, 'SIGTERM');
  // npm may exit before Kefu has finished closing its database; removing the data directory
  // while Kefu still writes to it fails, so wait for every process of the group.
  const deadline = Date.now() + 20_000;
  while (groupAlive(pid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('npm start on an empty data directory', () => {
  const running: ChildProcess[] = [];
  let dataDir = '';
  afterAll(async () => {
    for (const child of running) await stop(child);
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('creates the database and demo workspace, answers /healthz, and the demo login works; a restart keeps the data', async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kefu-start-'));
    const first = await start(dataDir);
    running.push(first.child);
    expect(first.output()).toContain('demo workspace created');
    const loginLine = /Demo login: (\S+) \/ (\S+)/.exec(first.output());
    expect(loginLine).not.toBeNull();

    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    // The two pages a new user opens side by side, as the banner says.
    expect(first.output()).toContain(`Agent workspace: ${first.url}/app/`);
    expect(first.output()).toContain(`Demo shop with the chat widget: ${first.url}/demo`);
    const workspace = await fetch(`${first.url}/app/`);
    expect(workspace.status).toBe(200);
    expect(await workspace.text()).toContain('/app/assets/app.js');
    const demo = await (await fetch(`${first.url}/demo`)).text();
    expect(demo).toContain('/widget.js');
    expect(demo).toMatch(/data-kefu-key="wk_\w+"/);
    expect((await fetch(`${first.url}/widget.js`)).status).toBe(200);
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    const login = await fetch(`${first.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: loginLine![1], password: loginLine![2] }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const list = await fetch(`${first.url}/api/v1/conversations?limit=100`, {
      headers: { cookie },
    });
    const conversations = ((await list.json()) as { items: { subject: string; channel: string }[] })
      .items;
    expect(conversations.length).toBeGreaterThanOrEqual(8);
    expect(conversations.some((c) => /[\u4e00-\u9fff]/.test(c.subject))).toBe(true);
    expect(conversations.some((c) => /^[\x20-\x7e]+$/.test(c.subject))).toBe(true);
    expect(new Set(conversations.map((c) => c.channel)).size).toBeGreaterThanOrEqual(3);
    await stop(first.child);

    const second = await start(dataDir);
    running.push(second.child);
    expect(second.output()).not.toContain('demo workspace created');
    const again = await fetch(`${second.url}/api/v1/conversations?limit=100`, {
      headers: { cookie },
    });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { items: unknown[] }).items).toHaveLength(conversations.length);
    // Two cold starts, each allowed the banner's 90 s: on a loaded CI machine the first start
    // (schema, demo workspace, answer-bot index) has taken over 30 s alone.
  }, 200_000);

  it('stops with a message naming every bad variable', async () => {
    const child = spawn('npm', ['start'], {
      cwd: root,
      env: { ...process.env, PORT: 'abc', DATABASE_URL: 'mysql://x' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).not.toBe(0);
    expect(output).toContain('PORT');
    expect(output).toContain('DATABASE_URL');
  });
});
