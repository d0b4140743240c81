/**
 * A stand-in for the Kefu server in the widget's browser test: the production bundles of the
 * loader and frame, a host page on another origin, and just enough of the visitor API and socket
 * (from packages/contracts/src/widget.ts) to drive the frame, with hooks to push agent events.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { VisitorMessage, VisitorServerFrame, WidgetConfig } from '@kefu/contracts';
import { build } from 'esbuild';
import { WebSocketServer, type WebSocket } from 'ws';
import { frameOptions, loaderOptions } from '../build.config.mjs';

const framePolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  'frame-ancestors *',
].join('; ');

async function bundle() {
  const files = new Map<string, { body: Uint8Array; type: string }>();
  const loader = await build({ ...loaderOptions, write: false, outdir: '/out' });
  files.set('/widget.js', { body: loader.outputFiles[0]!.contents, type: 'text/javascript' });
  const frame = await build({ ...frameOptions, write: false, outdir: '/out' });
  for (const file of frame.outputFiles) {
    const name = file.path.split('/').pop()!;
    const type = name.endsWith('.css') ? 'text/css' : 'text/javascript';
    files.set(`/widget/assets/${name}`, { body: file.contents, type });
  }
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Kefu chat</title>
<link rel="stylesheet" href="/widget/assets/frame.css"><script type="module" src="/widget/assets/frame.js"></script>
</head><body class="kefu-frame"><div id="root"></div></body></html>`;
  files.set('/widget/frame.html', { body: Buffer.from(html), type: 'text/html; charset=utf-8' });
  return files;
}

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );

const readBody = (request: IncomingMessage) =>
  new Promise<Buffer>((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
  });

export interface StubKefu {
  kefuUrl: string;
  hostUrl: string;
  config: WidgetConfig;
  /** Every API call the frame made, as `METHOD path` with its JSON body. */
  calls: { route: string; body: unknown; auth: string | undefined }[];
  /** `since` of every socket auth frame, in order. */
  socketAuths: (number | undefined)[];
  agentSays(body: string, name?: string): VisitorMessage;
  send(frame: VisitorServerFrame): void;
  dropSockets(): void;
  /** Resolves once a visitor socket has authenticated (live frames can reach the frame). */
  socketReady(): Promise<void>;
  /** Store an agent message without sending it live (as if the socket were down). */
  recordOnly(body: string): VisitorMessage;
  stop(): Promise<void>;
}

export async function startStubKefu(hostPage: (kefuUrl: string) => string): Promise<StubKefu> {
  const files = await bundle();
  const config: WidgetConfig = {
    workspaceName: 'Kefu 演示商店',
    defaultLocale: 'zh-CN',
    color: '#0f766e',
    greeting: { 'zh-CN': '您好！欢迎光临，有什么可以帮您？', en: 'Hi! How can we help?' },
    preChat: { name: 'off', email: 'off' },
    agentsOnline: true,
    expectedReplyMinutes: 5,
  };
  const calls: StubKefu['calls'] = [];
  const socketAuths: StubKefu['socketAuths'] = [];
  const events: { position: number; frame: VisitorServerFrame }[] = [];
  const messages: VisitorMessage[] = [];
  const sockets = new Set<WebSocket>();
  let position = 0;
  let seq = 0;
  let conversationId: string | null = null;
  const now = () => new Date().toISOString();
  const conversation = () => ({
    id: conversationId!,
    status: 'open' as const,
    lastMessage: messages.at(-1) ?? null,
    unreadCount: 0,
    visitorLastReadAt: null,
    agentLastReadAt: null,
    heldByBot: false,
    createdAt: now(),
    updatedAt: now(),
  });

  const record = (message: VisitorMessage) => {
    messages.push(message);
    const frame: VisitorServerFrame = { type: 'message', position: ++position, message };
    events.push({ position, frame });
    return frame;
  };
  const broadcast = (frame: VisitorServerFrame) => {
    for (const socket of sockets) socket.send(JSON.stringify(frame));
  };
  const newMessage = (
    type: VisitorMessage['author']['type'],
    body: string,
    name: string | null = null,
    attachments: VisitorMessage['attachments'] = [],
  ): VisitorMessage => ({
    id: `018f0000-0000-7000-8000-${String(++seq).padStart(12, '0')}`,
    conversationId: conversationId!,
    author: { type, name },
    body,
    html: null,
    attachments,
    createdAt: now(),
  });

  const json = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };

  const kefu = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url!, 'http://stub');
      const file = files.get(url.pathname);
      if (file) {
        const headers: Record<string, string> = { 'content-type': file.type };
        if (url.pathname === '/widget/frame.html') headers['content-security-policy'] = framePolicy;
        response.writeHead(200, headers);
        return response.end(file.body);
      }
      if (url.pathname.startsWith('/files/')) {
        response.writeHead(200, { 'content-type': 'application/octet-stream' });
        return response.end('file');
      }
      const raw = await readBody(request);
      const isJson = request.headers['content-type']?.startsWith('application/json');
      const body: unknown = isJson ? JSON.parse(raw.toString()) : undefined;
      const route = `${request.method} ${url.pathname}`;
      calls.push({ route, body, auth: request.headers.authorization });
      const id = url.pathname.split('/')[5];
      if (route === 'GET /api/v1/widget/config') return json(response, 200, config);
      if (route === 'POST /api/v1/widget/session') {
        return json(response, 201, {
          visitorToken: 'wv_stub_visitor_token_000000',
          expiresAt: now(),
          resumed: false,
          profile: { name: null, email: null, identified: false },
        });
      }
      if (route === 'GET /api/v1/widget/conversations') {
        return json(response, 200, { items: conversationId ? [conversation()] : [] });
      }
      if (route === 'POST /api/v1/widget/conversations') {
        conversationId = '018f0000-0000-7000-8000-c00000000001';
        const { message } = body as { message: { body?: string } };
        const created = newMessage('customer', message.body ?? '');
        broadcast(record(created));
        return json(response, 201, { conversation: conversation(), message: created });
      }
      if (route === `GET /api/v1/widget/conversations/${id}/messages`) {
        return json(response, 200, { items: messages, nextCursor: null });
      }
      if (route === `POST /api/v1/widget/conversations/${id}/messages`) {
        const { body: text, attachmentIds } = body as { body?: string; attachmentIds?: string[] };
        const attachments = (attachmentIds ?? []).map((attachmentId) => ({
          id: attachmentId,
          filename: '发票 <img src=x onerror=alert(1)>.pdf',
          contentType: 'application/pdf',
          size: 2048,
          url: `/files/${attachmentId}`,
        }));
        const created = newMessage('customer', text ?? '', null, attachments);
        broadcast(record(created));
        return json(response, 201, created);
      }
      // The answer bot is off here (it is tested against a real Kefu in e2e/answer-bot*.test.ts).
      if (route === 'GET /api/v1/widget/bot') return json(response, 200, { enabled: false });
      // No survey in these chats (surveys are tested against a real Kefu in e2e/surveys.test.ts).
      if (route === `GET /api/v1/widget/conversations/${id}/surveys`) {
        return json(response, 200, { items: [] });
      }
      if (route === `GET /api/v1/widget/conversations/${id}/queue`) {
        return json(response, 200, { queued: false, position: null, estimatedWaitMinutes: null });
      }
      if (route === `POST /api/v1/widget/conversations/${id}/read`) {
        return json(response, 200, {
          conversationId: id,
          visitorLastReadAt: now(),
          agentLastReadAt: null,
        });
      }
      if (route === 'POST /api/v1/widget/attachments') {
        const name = /filename="([^"]*)"/.exec(raw.toString('utf8'))?.[1] ?? 'file';
        return json(response, 201, {
          id: '018f0000-0000-7000-8000-a00000000001',
          filename: name,
          contentType: 'application/pdf',
          size: raw.length,
          url: '/files/a1',
        });
      }
      if (route === 'PATCH /api/v1/widget/profile') {
        const profile = body as { email?: string };
        return json(response, 200, { name: null, email: profile.email ?? null, identified: false });
      }
      json(response, 404, { error: { code: 'not_found', message: 'Not found' } });
    })();
  });

  const wss = new WebSocketServer({ server: kefu, path: '/api/v1/widget/realtime' });
  wss.on('connection', (socket) => {
    socket.once('message', (data: Buffer) => {
      const auth = JSON.parse(data.toString()) as { type: string; since?: number };
      socketAuths.push(auth.since);
      socket.send(JSON.stringify({ type: 'ready', position }));
      for (const event of events) {
        if (auth.since !== undefined && event.position > auth.since) {
          socket.send(JSON.stringify(event.frame));
        }
      }
      sockets.add(socket);
      socket.on('message', (frame: Buffer) => {
        const parsed = JSON.parse(frame.toString()) as { type: string };
        calls.push({ route: `WS ${parsed.type}`, body: parsed, auth: undefined });
        if (parsed.type === 'ping') socket.send(JSON.stringify({ type: 'pong', position }));
      });
      socket.on('close', () => sockets.delete(socket));
    });
  });

  const host = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(hostPage(kefuUrl));
  });
  const kefuUrl = await listen(kefu);
  const hostUrl = await listen(host);

  return {
    kefuUrl,
    hostUrl,
    config,
    calls,
    socketAuths,
    agentSays(body, name = '小王') {
      const message = newMessage('agent', body, name);
      broadcast(record(message));
      return message;
    },
    recordOnly(body) {
      const message = newMessage('agent', body, '小王');
      record(message);
      return message;
    },
    send: broadcast,
    async socketReady() {
      while (sockets.size === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    },
    dropSockets() {
      for (const socket of sockets) socket.terminate();
      sockets.clear();
    },
    async stop() {
      for (const socket of sockets) socket.terminate();
      wss.close();
      await Promise.all(
        [kefu, host].map((server) => new Promise((resolve) => server.close(resolve))),
      );
    },
  };
}
