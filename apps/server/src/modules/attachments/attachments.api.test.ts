import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kefu } from '../../server.ts';
import { databaseKinds } from '../../test/databases.ts';
import { type SignedIn, as, signUp, startTestKefu } from '../../test/harness.ts';
import { multipartFile } from '../../test/multipart.ts';
import { cleanFilename } from './attachment.service.ts';

describe('cleanFilename', () => {
  it('keeps only a displayable base name', () => {
    expect(cleanFilename('../../etc/passwd')).toBe('passwd');
    expect(cleanFilename('C:\\Users\\a\\报告.pdf')).toBe('报告.pdf');
    expect(cleanFilename('\u0000\u001f.hidden')).toBe('hidden');
    expect(cleanFilename('')).toBe('file');
  });
});

describe.each(databaseKinds)('attachments API on %s', (kind) => {
  let kefu: Kefu;
  let owner: SignedIn;
  let other: SignedIn;

  beforeAll(async () => {
    kefu = await startTestKefu(kind, { MAX_UPLOAD_BYTES: String(64 * 1024) });
    owner = await signUp(kefu.app);
    other = await signUp(kefu.app, 'Other');
  });
  afterAll(() => kefu.close());

  const upload = (who: SignedIn, filename: string, type: string, content: Buffer | string) => {
    const body = multipartFile('file', filename, type, content);
    return kefu.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      payload: body.payload,
      headers: { ...as(who).headers, ...body.headers },
    });
  };

  it('uploads a file, attaches it to a message and serves it back safely', async () => {
    const uploaded = await upload(owner, '../发票 invoice.pdf', 'application/pdf', '%PDF-1.4 test');
    expect(uploaded.statusCode).toBe(201);
    const attachment = uploaded.json();
    expect(attachment).toMatchObject({
      filename: '发票 invoice.pdf',
      contentType: 'application/pdf',
      size: 13,
    });

    const conversation = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      payload: {
        customer: { identity: { kind: 'email', value: 'a@example.com' } },
        message: { body: 'see file', attachmentIds: [attachment.id] },
      },
      ...as(owner),
    });
    expect(conversation.statusCode).toBe(201);
    const messages = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${conversation.json().id}/messages`,
      ...as(owner),
    });
    expect(messages.json().items[0].attachments).toEqual([attachment]);

    const download = await kefu.app.inject({ method: 'GET', url: attachment.url, ...as(owner) });
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('%PDF-1.4 test');
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(download.headers['content-disposition']).toContain(
      "filename*=UTF-8''%E5%8F%91%E7%A5%A8%20invoice.pdf",
    );
    expect(download.headers['x-content-type-options']).toBe('nosniff');

    // An attachment is claimed once.
    const reuse = await kefu.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.json().id}/messages`,
      payload: { body: 'again', attachmentIds: [attachment.id] },
      ...as(owner),
    });
    expect(reuse.statusCode).toBe(400);
    expect(reuse.json().error.field).toBe('attachmentIds');
  });

  it('never serves SVG or HTML inline', async () => {
    for (const [name, type] of [
      ['x.svg', 'image/svg+xml'],
      ['x.html', 'text/html'],
    ]) {
      const uploaded = (await upload(owner, name!, type!, '<svg onload="alert(1)"></svg>')).json();
      const download = await kefu.app.inject({ method: 'GET', url: uploaded.url, ...as(owner) });
      expect(download.headers['content-type']).toBe('application/octet-stream');
      expect(download.headers['content-disposition']).toMatch(/^attachment;/);
      expect(download.headers['content-security-policy']).toContain('sandbox');
    }
  });

  it('refuses a file over the limit and keeps nothing', async () => {
    const response = await upload(
      owner,
      'big.bin',
      'application/octet-stream',
      Buffer.alloc(65 * 1024),
    );
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
  });

  it('hides one workspace’s files from another', async () => {
    const uploaded = (await upload(owner, 'secret.txt', 'text/plain', 'secret')).json();
    const response = await kefu.app.inject({ method: 'GET', url: uploaded.url, ...as(other) });
    expect(response.statusCode).toBe(404);
    const attach = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      payload: {
        customer: { identity: { kind: 'email', value: 'b@example.com' } },
        message: { body: 'steal', attachmentIds: [uploaded.id] },
      },
      ...as(other),
    });
    expect(attach.statusCode).toBe(400);
  });

  it('asks for multipart when given JSON', async () => {
    const response = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      payload: { file: 'x' },
      ...as(owner),
    });
    expect(response.statusCode).toBe(415);
  });
});
