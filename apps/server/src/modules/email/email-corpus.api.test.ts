// Delivers ~600 real mails from open-source MIME libraries' test suites
// (shared/data/email-fixtures, beside the repository) through Kefu's SMTP listener with a real
// SMTP client, processes them, and checks what Kefu stored: every mail settled with a reason,
// one row per distinct mail, raw bytes kept, a second delivery changing nothing, agreement with
// stalwart mail-parser's expected parses, and CJK/UTF-7/UTF-16 text decoded or flagged.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, signUp, startTestKefu } from '../../test/harness.ts';
import { deliver } from '../../test/mail.ts';
import { htmlToText } from '../conversations/message-content.ts';
import { dedupKeyOf } from './inbound-mail.service.ts';
import { isPlainAddress } from './parse-email.ts';

const fixturesDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../../../shared/data/email-fixtures',
);
const maxBytes = 25 * 1024 * 1024;

interface CatalogEntry {
  path: string;
  size: number;
  charsets: string[];
  encoded_word_charsets: string[];
}

interface Fixture extends CatalogEntry {
  /** The bytes as they arrive over SMTP: the client turns bare CR and bare LF into CRLF. */
  wire: Buffer;
  key: string;
}

/**
 * What arrives after nodemailer's SMTP client (its DataStream) sent it: bare CR and bare LF
 * become CRLF, and a mail that does not end with a line break gets one before the final dot.
 */
function asSent(file: Buffer): Buffer {
  const text = file.toString('latin1').replace(/\r\n|\r|\n/g, '\r\n');
  return Buffer.from(text.endsWith('\r\n') ? text : `${text}\r\n`, 'latin1');
}

const notMail = (file: string) =>
  /^(LICENSE|README|SOURCE_COMMIT)/i.test(path.basename(file)) ||
  file.endsWith('.json') ||
  path.basename(file) === '.gitattributes';

function loadCorpus(): Fixture[] {
  const catalog = JSON.parse(
    fs.readFileSync(path.join(fixturesDir, 'catalog.json'), 'utf8'),
  ) as CatalogEntry[];
  return catalog
    .filter((entry) => !notMail(entry.path))
    .map((entry) => {
      const wire = asSent(fs.readFileSync(path.join(fixturesDir, entry.path)));
      return { ...entry, wire, key: dedupKeyOf(wire).key };
    });
}

const cjkCharsets = /^(gbk|gb2312|gb18030|big5|iso-2022-jp|shift_jis|euc-kr|utf-7|utf-16)/i;
const squash = (text: string) => text.replace(/\s+/g, '');

interface StalwartPart {
  headers: { name: string; value: Record<string, unknown> }[];
  body: Record<string, unknown> | string;
}

/** Subject, first From address and text body from stalwart's expected parse (NNN.json). */
function stalwartExpectation(file: string) {
  const jsonPath = path.join(fixturesDir, file.replace(/\.eml$/, '.json'));
  if (!file.startsWith('stalwart-mail-parser/') || !fs.existsSync(jsonPath)) return null;
  const parse = JSON.parse(fs.readFileSync(jsonPath, 'utf8')) as {
    parts: StalwartPart[];
    text_body?: number[];
  };
  const header = (name: string) =>
    parse.parts[0]?.headers.find((h) => h.name === name)?.value as
      { Text?: string; Address?: { List?: { address?: string }[] } } | undefined;
  let text = '';
  for (const index of parse.text_body ?? []) {
    const body = parse.parts[index]?.body;
    if (body && typeof body === 'object') {
      if (typeof body.Text === 'string') text += body.Text;
      else if (typeof body.Html === 'string') text += htmlToText(body.Html);
    }
  }
  return {
    subject: (header('subject')?.Text ?? '').replace(/\s+/g, ' ').trim(),
    from: header('from')?.Address?.List?.[0]?.address?.toLowerCase() ?? null,
    textHead: squash(text).slice(0, 40),
  };
}

/** Runs `work` over `items` with at most `limit` running at once. */
async function inPool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>) {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!);
      }
    }),
  );
  return results;
}

describe('email fixtures corpus', () => {
  it('is beside the repository', () => {
    expect(fs.existsSync(path.join(fixturesDir, 'catalog.json')), fixturesDir).toBe(true);
  });
});

describe.each(databaseKinds)('email corpus through the SMTP listener on %s', (kind) => {
  const corpus = loadCorpus();
  let kefu: Kefu;
  let owner: SignedIn;
  let address: string;
  let workspaceId: string;
  type Outcome = { file: Fixture; ok: true } | { file: Fixture; ok: false; error: Error };
  let first: Outcome[];

  const sendAll = () =>
    inPool(corpus, 8, async (file): Promise<Outcome> => {
      try {
        await deliver(kefu.smtpPort!, file.wire, { from: 'corpus@example.org', to: [address] });
        return { file, ok: true };
      } catch (error) {
        return { file, ok: false, error: error as Error };
      }
    });

  const db = () => kefu.database.db;
  const counts = async () => {
    const count = async (table: 'inbound_emails' | 'conversations' | 'messages') =>
      Number(
        (
          await db()
            .selectFrom(table)
            .select(sql<number>`count(*)`.as('n'))
            .where('workspace_id', '=', workspaceId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      inbound: await count('inbound_emails'),
      conversations: await count('conversations'),
      messages: await count('messages'),
    };
  };
  const drainAll = async () => {
    for (let round = 0; round < 20; round += 1) {
      await kefu.jobs.drain(1000);
      const left = await db()
        .selectFrom('inbound_emails')
        .select('id')
        .where('status', '=', 'received')
        .limit(1)
        .execute();
      if (left.length === 0) return;
    }
  };

  beforeAll(async () => {
    // Many fixtures share a sender; flood holding is tested elsewhere, here every mail goes on.
    kefu = await startTestKefu(
      kind,
      { SMTP_PORT: '0', SMTP_HOST: '127.0.0.1', EMAIL_MAX_BYTES: String(maxBytes) },
      { jobs: 'manual', inboundMail: { floodLimit: 1_000_000, floodWindowMs: 600_000 } },
    );
    owner = await signUp(kefu.app, 'Corpus');
    address = `corpus-${Date.now()}@acme.test`;
    const created = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/mail-channels',
      payload: { name: 'Corpus', address },
      ...as(owner),
    });
    expect(created.statusCode, created.body).toBe(201);
    workspaceId = (
      await db()
        .selectFrom('mail_channels')
        .select('workspace_id')
        .where('id', '=', created.json<{ id: string }>().id)
        .executeTakeFirstOrThrow()
    ).workspace_id;
    const started = Date.now();
    first = await sendAll();
    const delivered = Date.now();
    await drainAll();
    console.info(
      `[${kind}] delivered in ${delivered - started} ms, processed in ${Date.now() - delivered} ms`,
    );
  }, 180_000);
  afterAll(async () => {
    await kefu?.close();
  });

  it('accepts every mail under the size limit; refusals are clear SMTP errors', () => {
    const refused = first.filter((o) => !o.ok);
    for (const o of refused) {
      expect(o.file.wire.length, `${o.file.path}: ${String(o.error)}`).toBeGreaterThan(maxBytes);
      expect((o.error as { responseCode?: number }).responseCode).toBe(552);
    }
    expect(corpus.length).toBeGreaterThan(550);
  });

  it('settles every stored mail, one row per distinct mail, raw bytes kept', async () => {
    const accepted = first.filter((o) => o.ok).map((o) => o.file);
    const expected = new Set(accepted.map((f) => f.key));
    const rows = await db()
      .selectFrom('inbound_emails')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .execute();
    const stored = new Set(rows.map((r) => r.dedup_key));
    const missing = accepted.filter((f) => !stored.has(f.key)).map((f) => f.path);
    expect(missing).toEqual([]);
    expect(rows).toHaveLength(expected.size);

    const summary: Record<string, number> = {};
    for (const row of rows) {
      const label = row.reason ? `${row.status} (${row.reason})` : row.status;
      summary[label] = (summary[label] ?? 0) + 1;
    }
    console.info(
      `[${kind}] ${corpus.length} fixture files, ${accepted.length} accepted, ${expected.size} distinct mails:\n` +
        Object.entries(summary)
          .sort((a, b) => b[1] - a[1])
          .map(([label, n]) => `  ${String(n).padStart(4)}  ${label}`)
          .join('\n'),
    );

    expect(rows.filter((r) => r.status === 'received' || r.status === 'held')).toEqual([]);
    for (const row of rows) {
      if (row.status === 'processed') {
        expect(row.message_id, row.id).not.toBeNull();
      } else {
        expect(['quarantined', 'ignored'], row.id).toContain(row.status);
        expect(row.reason, row.id).toBeTruthy();
      }
    }
    const processedIds = rows.filter((r) => r.status === 'processed').map((r) => r.message_id!);
    const found = await db()
      .selectFrom('messages')
      .select('id')
      .where('id', 'in', processedIds)
      .execute();
    expect(found).toHaveLength(processedIds.length);

    const byKey = new Map(accepted.map((f) => [f.key, f]));
    for (const row of rows.filter((r) => r.status === 'quarantined')) {
      const raw = await kefu.services.email.inbound.raw(row);
      expect(raw.equals(byKey.get(row.dedup_key)!.wire), byKey.get(row.dedup_key)!.path).toBe(true);
    }
  });

  it('agrees with stalwart mail-parser on subject, sender and text', async () => {
    const rows = await db()
      .selectFrom('inbound_emails as i')
      .leftJoin('email_messages as e', 'e.inbound_email_id', 'i.id')
      .leftJoin('messages as m', 'm.id', 'i.message_id')
      .select([
        'i.dedup_key',
        'i.status',
        'i.reason',
        'i.subject',
        'i.from_address',
        'e.full_text',
        'm.body',
      ])
      .where('i.workspace_id', '=', workspaceId)
      .execute();
    const byKey = new Map(rows.map((r) => [r.dedup_key, r]));
    let compared = 0;
    const disagreements: string[] = [];
    const notProcessed: string[] = [];
    for (const file of corpus) {
      const expected = stalwartExpectation(file.path);
      if (!expected) continue;
      const row = byKey.get(file.key);
      if (row?.status !== 'processed') {
        // Kefu stores no text for a mail it does not take in (a mail without a usable From).
        notProcessed.push(`${file.path} (${row?.status} ${row?.reason}; From ${expected.from})`);
        expect(row?.reason, file.path).toBe('no_sender');
        expect(expected.from === null || !isPlainAddress(expected.from), file.path).toBe(true);
        continue;
      }
      compared += 1;
      const problems: string[] = [];
      if (squash(row.subject ?? '') !== squash(expected.subject.slice(0, 500)))
        problems.push(
          `subject ${JSON.stringify(expected.subject)} ≠ ${JSON.stringify(row.subject)}`,
        );
      if (row.from_address !== expected.from)
        problems.push(`from ${expected.from} ≠ ${row.from_address}`);
      const stored = squash(`${row.full_text ?? ''}\n${row.body ?? ''}`);
      if (expected.textHead && !stored.includes(expected.textHead))
        problems.push(
          `text ${JSON.stringify(expected.textHead)} ≠ ${JSON.stringify(stored.slice(0, 40))}`,
        );
      if (problems.length) disagreements.push(`${file.path}: ${problems.join('; ')}`);
    }
    console.info(
      `[${kind}] stalwart agreement: ${compared - disagreements.length}/${compared} processed mails agree\n  ` +
        disagreements.join('\n  ') +
        `\n[${kind}] not processed, so not compared (${notProcessed.length}):\n  ` +
        notProcessed.join('\n  '),
    );
    expect(compared).toBeGreaterThan(60);
    expect((compared - disagreements.length) / compared).toBeGreaterThanOrEqual(0.9);
  });

  it('decodes CJK, UTF-7 and UTF-16 text or flags it decode_uncertain', async () => {
    const rows = await db()
      .selectFrom('inbound_emails as i')
      .innerJoin('email_messages as e', 'e.inbound_email_id', 'i.id')
      .select(['i.dedup_key', 'i.subject', 'e.full_text', 'e.flags'])
      .where('i.workspace_id', '=', workspaceId)
      .execute();
    const byKey = new Map(rows.map((r) => [r.dedup_key, r]));
    const failures: string[] = [];
    let checked = 0;
    for (const file of corpus) {
      const charsets = [...file.charsets, ...file.encoded_word_charsets];
      if (!charsets.some((c) => cjkCharsets.test(c))) continue;
      const row = byKey.get(file.key);
      if (!row) continue; // quarantined or ignored: no text stored
      checked += 1;
      const text = `${row.subject ?? ''}\n${row.full_text ?? ''}`;
      const broken = text.includes('\uFFFD') || text.includes('\u001b$B');
      if (broken && !row.flags.includes('decode_uncertain'))
        failures.push(`${file.path} [${charsets.join(',')}]`);
    }
    expect(checked).toBeGreaterThan(10);
    expect(failures).toEqual([]);
  });

  it('changes nothing when the whole corpus is delivered again', async () => {
    const before = await counts();
    const again = await sendAll();
    expect(again.filter((o) => !o.ok).length).toBe(first.filter((o) => !o.ok).length);
    await drainAll();
    expect(await counts()).toEqual(before);
  }, 120_000);
});
