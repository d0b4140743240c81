import type { FastifyInstance } from 'fastify';
import type { Kefu } from '../server.ts';
import type { AnyRoute } from '../http/route.ts';
import { apiRoutes } from '../http/routes.ts';
import { type SignedIn, as, signUp } from './harness.ts';
import { multipartFile } from './multipart.ts';

/** A workspace with one of every resource, so every route has a real id to aim at. */
export interface WorkspaceFixture {
  who: SignedIn;
  ids: Record<string, string>;
}

const hasRoute = (method: string, path: string) =>
  apiRoutes.some((r) => r.method === method && r.path === path);

async function post(
  app: FastifyInstance,
  who: SignedIn,
  url: string,
  payload: unknown,
): Promise<Record<string, unknown>> {
  const response = await app.inject({
    method: 'POST',
    url,
    payload: payload as object,
    ...as(who),
  });
  if (response.statusCode >= 300)
    throw new Error(`fixture POST ${url} failed: ${response.statusCode} ${response.body}`);
  return response.json<Record<string, unknown>>();
}

export async function buildWorkspaceFixture(
  kefu: Pick<Kefu, 'app' | 'services' | 'jobs'>,
  name: string,
): Promise<WorkspaceFixture> {
  const { app } = kefu;
  const who = await signUp(app, name);
  const ids: Record<string, string> = { agent: who.userId, workspace: who.workspaceId };
  ids.company = (
    await post(app, who, '/api/v1/companies', {
      name: `${name} Ltd`,
      domain: `${name.toLowerCase()}.example.com`,
    })
  ).id as string;
  const email = `${name.toLowerCase()}-customer@example.com`;
  const customer = await post(app, who, '/api/v1/customers', {
    name: `${name} customer`,
    identities: [{ kind: 'email', value: email }],
  });
  ids.customer = customer.id as string;
  ids.identity = (customer.identities as { id: string }[])[0]!.id;
  const file = multipartFile('file', 'a.txt', 'text/plain', 'hello');
  const upload = await app.inject({
    method: 'POST',
    url: '/api/v1/attachments',
    payload: file.payload,
    headers: { ...as(who).headers, ...file.headers },
  });
  ids.attachment = upload.json<{ id: string }>().id;
  ids.conversation = (
    await post(app, who, '/api/v1/conversations', {
      customer: { id: ids.customer },
      message: { body: 'first' },
    })
  ).id as string;
  ids.conversation2 = (
    await post(app, who, '/api/v1/conversations', {
      customer: { id: ids.customer },
      message: { body: 'second' },
    })
  ).id as string;
  await post(app, who, `/api/v1/conversations/${ids.conversation}/links`, {
    conversationId: ids.conversation2,
  });
  const sessions = await app.inject({ method: 'GET', url: '/api/v1/auth/sessions', ...as(who) });
  ids.session = sessions.json<{ items: { id: string }[] }>().items[0]!.id;
  if (hasRoute('POST', '/api/v1/teams'))
    ids.team = (await post(app, who, '/api/v1/teams', { name: `${name} team` })).id as string;
  if (hasRoute('POST', '/api/v1/business-calendars')) {
    ids.calendar = (
      await post(app, who, '/api/v1/business-calendars', {
        name: `${name} hours`,
        timezone: 'Asia/Shanghai',
        intervals: [{ weekday: 1, start: '09:00', end: '18:00' }],
      })
    ).id as string;
    const calendar = await post(app, who, `/api/v1/business-calendars/${ids.calendar}/holidays`, {
      name: 'New Year',
      startDate: '2027-01-01',
    });
    ids.holiday = (calendar.holidays as { id: string }[])[0]!.id;
    ids.slaPolicy = (
      await post(app, who, '/api/v1/sla-policies', {
        name: `${name} SLA`,
        calendarId: ids.calendar,
        targets: [
          { metric: 'first_reply_time', priority: 'normal', minutes: 60, businessHours: true },
        ],
      })
    ).id as string;
  }
  if (hasRoute('POST', '/api/v1/triggers')) {
    ids.trigger = (
      await post(app, who, '/api/v1/triggers', {
        name: `${name} trigger`,
        events: ['created'],
        actions: [{ type: 'add_tags', tags: ['new'] }],
      })
    ).id as string;
    ids.timeRule = (
      await post(app, who, '/api/v1/time-rules', {
        name: `${name} reminder`,
        status: 'pending',
        hours: 72,
        actions: [{ type: 'add_tags', tags: ['reminded'] }],
      })
    ).id as string;
    ids.macro = (
      await post(app, who, '/api/v1/macros', {
        name: `${name} macro`,
        actions: [{ type: 'set_status', status: 'pending' }],
      })
    ).id as string;
    const procedure = await post(app, who, '/api/v1/procedures', {
      name: `${name} refunds`,
      tag: 'refund',
      steps: [{ title: 'Check the order' }],
    });
    ids.procedure = procedure.id as string;
    ids.procedureStep = (procedure.steps as { id: string }[])[0]!.id;
  }
  if (hasRoute('POST', '/api/v1/skills'))
    ids.skill = (await post(app, who, '/api/v1/skills', { name: `${name} skill` })).id as string;
  if (hasRoute('POST', '/api/v1/tags'))
    ids.tag = (await post(app, who, '/api/v1/tags', { name: `${name}-tag` })).id as string;
  if (hasRoute('POST', '/api/v1/custom-fields')) {
    ids.customField = (
      await post(app, who, '/api/v1/custom-fields', {
        entity: 'conversation',
        key: 'order_id',
        label: 'Order',
        type: 'text',
      })
    ).id as string;
  }
  if (hasRoute('POST', '/api/v1/api-tokens')) {
    ids.apiToken = (
      await post(app, who, '/api/v1/api-tokens', {
        name: 'fixture',
        scopes: ['conversations:read'],
      })
    ).id as string;
  }
  if (hasRoute('POST', '/api/v1/canned-responses')) {
    ids.cannedResponse = (
      await post(app, who, '/api/v1/canned-responses', {
        shortcut: `${name.toLowerCase()}-thanks`,
        title: 'Thanks',
        body: 'Thank you, {{customer.name}}!',
      })
    ).id as string;
  }
  if (hasRoute('POST', '/api/v1/knowledge/categories')) {
    ids.kbCategory = (
      await post(app, who, '/api/v1/knowledge/categories', {
        translations: { en: { name: `${name} FAQ` } },
      })
    ).id as string;
    ids.kbArticle = (
      await post(app, who, '/api/v1/knowledge/articles', {
        categoryId: ids.kbCategory,
        locale: 'en',
        title: `${name} shipping`,
        bodyHtml: '<p>Three days.</p>',
        publish: true,
      })
    ).id as string;
    ids.kbLocale = 'en';
    const versions = await app.inject({
      method: 'GET',
      url: `/api/v1/knowledge/articles/${ids.kbArticle}/versions`,
      ...as(who),
    });
    ids.kbVersion = versions.json<{ items: { id: string }[] }>().items[0]!.id;
  }
  if (hasRoute('POST', '/api/v1/invitations')) {
    ids.invitation = (
      await post(app, who, '/api/v1/invitations', {
        email: `${name.toLowerCase()}-invitee@example.com`,
      })
    ).id as string;
  }
  if (hasRoute('POST', '/api/v1/surveys/requests')) {
    ids.surveyRequest = (
      await post(app, who, '/api/v1/surveys/requests', {
        conversationId: ids.conversation,
        kind: 'csat',
      })
    ).id as string;
  }
  const mailbox = await post(app, who, '/api/v1/mail-channels', {
    name: 'Support',
    address: `${name.toLowerCase()}-support-${Date.now()}@example.com`,
  });
  ids.mailChannel = mailbox.id as string;
  ids.inboundEmail = (
    await kefu.services.email.inbound.receive({
      channelId: ids.mailChannel,
      workspaceId: who.workspaceId,
      raw: Buffer.from(`From: a@example.com\r\nSubject: fixture\r\n\r\n${name}\r\n`),
      source: 'smtp',
    })
  ).id;
  const emailConversations = () =>
    app.inject({ method: 'GET', url: '/api/v1/conversations?channel=email', ...as(who) });
  // The suite's Kefu may run jobs on its own too: wait until one of the runners processed it.
  await kefu.jobs.drain();
  let mailConversation = await emailConversations();
  for (let tries = 0; tries < 100; tries += 1) {
    if (mailConversation.json<{ items: unknown[] }>().items.length > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
    await kefu.jobs.drain();
    mailConversation = await emailConversations();
  }
  ids.emailConversation = mailConversation.json<{ items: { id: string }[] }>().items[0]!.id;
  const mailMessages = await app.inject({
    method: 'GET',
    url: `/api/v1/conversations/${ids.emailConversation}/messages`,
    ...as(who),
  });
  ids.emailMessage = mailMessages.json<{ items: { id: string }[] }>().items[0]!.id;
  return { who, ids };
}

/** Which fixture id a path parameter names, judged by the path segment before it. */
const resourceBySegment: Record<string, string> = {
  conversations: 'conversation',
  links: 'conversation2',
  customers: 'customer',
  companies: 'company',
  identities: 'identity',
  attachments: 'attachment',
  sessions: 'session',
  teams: 'team',
  tags: 'tag',
  'custom-fields': 'customField',
  'api-tokens': 'apiToken',
  invitations: 'invitation',
  agents: 'agent',
  'canned-responses': 'cannedResponse',
  'mail-channels': 'mailChannel',
  'inbound-emails': 'inboundEmail',
  skills: 'skill',
  'business-calendars': 'calendar',
  holidays: 'holiday',
  'sla-policies': 'slaPolicy',
  triggers: 'trigger',
  'time-rules': 'timeRule',
  macros: 'macro',
  procedures: 'procedure',
  steps: 'procedureStep',
  requests: 'surveyRequest',
  surveys: 'surveyRequest',
  categories: 'kbCategory',
  articles: 'kbArticle',
  versions: 'kbVersion',
  translations: 'kbLocale',
};

/** Routes whose parameters need another fixture than the segment suggests. */
const resourceByRoute: Record<string, Record<string, string>> = {
  // No bot answer exists in the fixture; the sweep's requests fail before the id is looked up.
  '/api/v1/widget/bot/answers/:id/feedback': { ':id': 'conversation' },
  '/api/v1/routing/queues/:id/conversations': { ':id': 'team' },
  '/api/v1/conversations/:id/messages/:messageId/email': {
    ':id': 'emailConversation',
    ':messageId': 'emailMessage',
  },
  '/api/v1/conversations/:id/messages/:messageId/email/raw': {
    ':id': 'emailConversation',
    ':messageId': 'emailMessage',
  },
};

/** The route's URL with every parameter filled from the fixture; throws for an unknown one so
 * that a new route without a fixture fails the sweep instead of escaping it. */
export function urlFor(route: AnyRoute, fixture: WorkspaceFixture): string {
  const segments = route.path.split('/');
  return segments
    .map((segment, index) => {
      if (!segment.startsWith(':')) return segment;
      const resource =
        resourceByRoute[route.path]?.[segment] ?? resourceBySegment[segments[index - 1] ?? ''];
      const id = resource ? fixture.ids[resource] : undefined;
      if (!id)
        throw new Error(
          `No fixture for ${segment} in ${route.method} ${route.path}: add one in test/route-fixtures.ts`,
        );
      return id;
    })
    .join('/');
}

/** A valid body for each route that takes one, built from the caller's own fixture. */
const sampleBodies: Record<string, (f: WorkspaceFixture) => unknown> = {
  'POST /api/v1/auth/signup': () => ({
    workspaceName: 'Sweep',
    name: 'Sweep',
    email: 'sweep@example.com',
    password: 'long enough password',
  }),
  'POST /api/v1/auth/login': () => ({ email: 'nobody@example.com', password: 'whatever password' }),
  'POST /api/v1/invitations/accept': () => ({
    token: 'x'.repeat(40),
    name: 'New Agent',
    password: 'long enough password',
  }),
  'POST /api/v1/auth/password': () => ({
    currentPassword: 'wrong password!',
    newPassword: 'another long password',
  }),
  'POST /api/v1/conversations': (f) => ({
    customer: { id: f.ids.customer },
    message: { body: 'hello' },
  }),
  'PATCH /api/v1/conversations/:id': () => ({ status: 'pending' }),
  'POST /api/v1/conversations/:id/merge': (f) => ({ targetId: f.ids.conversation2 }),
  'POST /api/v1/conversations/:id/links': (f) => ({ conversationId: f.ids.conversation2 }),
  'POST /api/v1/conversations/:id/messages': () => ({ body: 'a reply' }),
  'POST /api/v1/customers': () => ({ name: 'Someone' }),
  'PATCH /api/v1/customers/:id': () => ({ name: 'Renamed' }),
  'POST /api/v1/customers/:id/identities': () => ({ kind: 'phone', value: '+86 138 0000 0000' }),
  'POST /api/v1/customers/:id/merge': (f) => ({ targetId: f.ids.customer }),
  'POST /api/v1/customers/:id/notes': () => ({ body: 'a note' }),
  'POST /api/v1/companies': () => ({ name: 'Another Ltd' }),
  'PATCH /api/v1/companies/:id': () => ({ name: 'Renamed Ltd' }),
  'PATCH /api/v1/workspace': () => ({ name: 'Renamed' }),
  'PATCH /api/v1/agents/:id': () => ({ role: 'agent' }),
  'POST /api/v1/invitations': () => ({ email: 'someone-new@example.com' }),
  'POST /api/v1/teams': () => ({ name: 'Another team' }),
  'PATCH /api/v1/teams/:id': () => ({ name: 'Renamed team' }),
  'POST /api/v1/tags': () => ({ name: 'another-tag' }),
  'PATCH /api/v1/tags/:id': () => ({ name: 'renamed-tag' }),
  'POST /api/v1/custom-fields': () => ({
    entity: 'customer',
    key: 'plan',
    label: 'Plan',
    type: 'text',
  }),
  'PATCH /api/v1/custom-fields/:id': () => ({ label: 'Renamed' }),
  'POST /api/v1/api-tokens': () => ({ name: 'another', scopes: ['conversations:read'] }),
  'PATCH /api/v1/widget-settings': () => ({ color: '#112233' }),
  'PUT /api/v1/me/availability': () => ({ availability: 'away' }),
  'POST /api/v1/widget/session': () => ({ key: `wk_${'a'.repeat(24)}` }),
  'PATCH /api/v1/widget/profile': () => ({ name: 'Visitor' }),
  'POST /api/v1/widget/conversations': () => ({ message: { body: 'hello' } }),
  'POST /api/v1/widget/conversations/:id/messages': () => ({ body: 'hello' }),
  'POST /api/v1/widget/bot/questions': () => ({ question: 'Where is my order?' }),
  'POST /api/v1/widget/bot/answers/:id/feedback': () => ({ helpful: true }),
  'POST /api/v1/widget/bot/conversations/:id/handover': () => ({ locale: 'en' }),
  'PATCH /api/v1/answer-bot/settings': () => ({ enabled: true, threshold: 0.6 }),
  'POST /api/v1/canned-responses': () => ({
    shortcut: 'refund',
    title: 'Refund',
    body: 'Hi {{customer.name}}, your refund is on its way.',
  }),
  'PATCH /api/v1/canned-responses/:id': () => ({ title: 'Renamed' }),
  'PATCH /api/v1/me/preferences': () => ({ locale: 'zh-CN', timezone: 'Asia/Shanghai' }),
  'POST /api/v1/mail-channels': () => ({ name: 'Sales', address: 'sales-sweep@example.com' }),
  'PATCH /api/v1/mail-channels/:id': () => ({ name: 'Renamed', autoAcknowledge: true }),
  'PUT /api/v1/me/status': () => ({ status: 'away' }),
  'PUT /api/v1/surveys/settings': () => ({
    csatEnabled: true,
    csatScale: 3,
    csatReasons: [{ id: 'slow', en: 'Slow', zh: '慢' }],
    csatComment: true,
    npsEnabled: false,
    npsMode: 'periodic',
    npsIntervalDays: 90,
    cesEnabled: false,
    channels: ['chat'],
    delayMinutes: 0,
    windowDays: 28,
  }),
  'POST /api/v1/surveys/requests': (f) => ({ conversationId: f.ids.conversation2, kind: 'nps' }),
  'POST /api/v1/surveys/requests/:id/response': () => ({ score: 1 }),
  'POST /api/v1/widget/surveys/:id/response': () => ({ score: 1 }),
  'PATCH /api/v1/routing/settings': () => ({ autoAwayMinutes: 10 }),
  'POST /api/v1/skills': () => ({ name: 'Another skill' }),
  'PUT /api/v1/routing/agents/:id': () => ({ capacity: { chat: 2 } }),
  'PUT /api/v1/routing/teams/:id': () => ({ strategy: 'balanced' }),
  'POST /api/v1/business-calendars': () => ({
    name: 'Another calendar',
    timezone: 'UTC',
    intervals: [{ weekday: 1, start: '09:00', end: '17:00' }],
  }),
  'PATCH /api/v1/business-calendars/:id': () => ({ name: 'Renamed calendar' }),
  'POST /api/v1/business-calendars/:id/holidays': () => ({
    name: 'Day off',
    startDate: '2027-05-01',
  }),
  'POST /api/v1/business-calendars/:id/ical': () => ({
    ics: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:may@x\r\nSUMMARY:May Day\r\nDTSTART;VALUE=DATE:20270501\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
  }),
  'POST /api/v1/sla-policies': () => ({ name: 'Another policy' }),
  'PATCH /api/v1/sla-policies/:id': () => ({ name: 'Renamed policy' }),
  'PUT /api/v1/sla-policies/order': (f) => ({ ids: [f.ids.slaPolicy] }),
  'POST /api/v1/triggers': () => ({
    name: 'Another trigger',
    events: ['updated'],
    actions: [{ type: 'set_priority', priority: 'high' }],
  }),
  'PATCH /api/v1/triggers/:id': () => ({ name: 'Renamed trigger' }),
  'PUT /api/v1/triggers/order': (f) => ({ ids: [f.ids.trigger] }),
  'POST /api/v1/time-rules': () => ({
    name: 'Another rule',
    status: 'pending',
    hours: 168,
    actions: [{ type: 'set_status', status: 'solved' }],
  }),
  'PATCH /api/v1/time-rules/:id': () => ({ hours: 96 }),
  'POST /api/v1/macros': () => ({
    name: 'Another macro',
    actions: [{ type: 'add_tags', tags: ['macro'] }],
  }),
  'PATCH /api/v1/macros/:id': () => ({ name: 'Renamed macro' }),
  'POST /api/v1/procedures': () => ({
    name: 'Returns',
    tag: 'return',
    steps: [{ title: 'Ask for photos' }],
  }),
  'PATCH /api/v1/procedures/:id': () => ({ name: 'Renamed procedure' }),
  'PUT /api/v1/conversations/:id/procedures/:procedureId/steps/:stepId': () => ({ done: true }),
  'POST /api/v1/knowledge/categories': () => ({ translations: { en: { name: 'Returns' } } }),
  'PATCH /api/v1/knowledge/categories/:id': () => ({ position: 3 }),
  'POST /api/v1/knowledge/articles': () => ({ locale: 'en', title: 'Returns' }),
  'PATCH /api/v1/knowledge/articles/:id': () => ({ visibility: 'internal' }),
  'PUT /api/v1/knowledge/articles/:id/draft': () => ({
    locale: 'en',
    title: 'Changed',
    bodyHtml: '<p>x</p>',
  }),
  'POST /api/v1/knowledge/articles/:id/publish': () => ({ locale: 'en' }),
  'POST /api/v1/knowledge/articles/:id/unpublish': () => ({ locale: 'en' }),
};

export function sampleBody(route: AnyRoute, fixture: WorkspaceFixture): unknown {
  if (!route.body) return undefined;
  const make = sampleBodies[`${route.method} ${route.path}`];
  if (!make)
    throw new Error(
      `No sample body for ${route.method} ${route.path}: add one in test/route-fixtures.ts`,
    );
  return make(fixture);
}
