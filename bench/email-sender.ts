// The SMTP side of the inbound-mail benchmark (email-inbound.ts), in a child process of its own:
// the fixture corpus, each copy made unique by a new Message-ID so deduplication does not
// short-cut it, sent through pooled nodemailer connections. Senders are other machines in real
// life, so their CPU is kept out of Kefu's event loop, as bench/load.ts does for HTTP.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';

export interface SendSpec {
  port: number;
  address: string;
  /** Corpus files, cycled to `messages` mails. */
  files: string[];
  messages: number;
  /** Added to the copy number in each Message-ID, so two phases never share one. */
  offset: number;
  clients: number;
}

export interface SendResult {
  accepted: number;
  refused: string[];
  ms: number;
  p50: number;
  p95: number;
  /** CPU the sender used, in cores, over its sending time. */
  senderCores: number;
}

/** Sends the mails from a fresh child process and returns what the listener answered. */
export function sendInChild(spec: SendSpec): Promise<SendResult> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, KEFU_BENCH_SENDER: '1' },
  });
  return new Promise((resolve, reject) => {
    child.once('message', (result: SendResult) => resolve(result));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`mail sender exited with code ${code}`));
    });
    child.send(spec);
  });
}

/** A copy of a mail with its own Message-ID (replaced, or added as the first header). */
export function uniqueCopy(raw: Buffer, n: number): Buffer {
  const id = `<bench-${n}-${randomBytes(6).toString('hex')}@bench.kefu.test>`;
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = end === -1 ? text : text.slice(0, end);
  const replaced = head.replace(/^message-id:[^\r\n]*(\r?\n[ \t][^\r\n]*)*/im, `Message-ID: ${id}`);
  const out =
    replaced === head ? `Message-ID: ${id}\r\n${text}` : replaced + text.slice(head.length);
  return Buffer.from(out, 'latin1');
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;

async function send(spec: SendSpec): Promise<SendResult> {
  const corpus = spec.files.map((file) => fs.readFileSync(path.resolve(file)));
  const mails = Array.from({ length: spec.messages }, (_, i) =>
    uniqueCopy(corpus[i % corpus.length]!, spec.offset + i),
  );
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: spec.clients,
    maxMessages: Infinity,
    host: '127.0.0.1',
    port: spec.port,
    secure: false,
    ignoreTLS: true,
  });
  let next = 0;
  let accepted = 0;
  const refused: string[] = [];
  const latencies: number[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: spec.clients }, async () => {
      while (next < mails.length) {
        const raw = mails[next++]!;
        const t = performance.now();
        try {
          await transport.sendMail({
            envelope: { from: 'bench@example.org', to: [spec.address] },
            raw,
          });
          accepted += 1;
          latencies.push(performance.now() - t);
        } catch (error) {
          refused.push(String(error).slice(0, 120));
        }
      }
    }),
  );
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  transport.close();
  latencies.sort((a, b) => a - b);
  return {
    accepted,
    refused,
    ms,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    senderCores: (used.user + used.system) / 1000 / ms,
  };
}

if (process.env.KEFU_BENCH_SENDER === '1' && process.send) {
  process.once('message', (spec: SendSpec) => {
    void send(spec).then((result) => process.send!(result, () => process.exit(0)));
  });
}
