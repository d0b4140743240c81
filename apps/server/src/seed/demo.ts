import type { UnitOfWork } from '../db/unit-of-work.ts';
import type { IdGenerator } from '../lib/ids.ts';
import type { PasswordHasher } from '../lib/password.ts';
import type { Actor } from '../modules/auth/actor.ts';
import { emailKey } from '../modules/auth/auth.service.ts';
import type { Services } from '../services.ts';
import { seedDemoSla } from './demo-sla.ts';
import { seedDemoAutomations } from './demo-automations.ts';
import { seedDemoKnowledge } from './demo-knowledge.ts';
import { seedDemoHistory } from './demo-history.ts';

export const demoLogin = { email: 'demo@kefu.local', password: 'kefu-demo-2026' };
/** The demo workspace's support address (no outgoing server is set: replies show "not sent"). */
export const demoMailbox = 'support@demo.kefu.local';

/** The demo workspace's widget key, embedded by the `/demo` page. */
export const demoWidgetKey = 'wk_demo_kefu_2026_public';

/** The demo widget's key when the demo workspace exists (and its widget is on), else null. */
export async function findDemoWidgetKey(services: Services): Promise<string | null> {
  return (await services.widget.settings.isActiveKey(demoWidgetKey)) ? demoWidgetKey : null;
}
const agentPassword = 'kefu-agent-2026';

const agents = [
  { name: '王芳 Wang Fang', email: 'wang.fang@kefu.local', role: 'supervisor' as const },
  { name: 'Alex Chen', email: 'alex@kefu.local', role: 'agent' as const },
  { name: '李雷 Li Lei', email: 'li.lei@kefu.local', role: 'agent' as const },
];

const conversations = [
  {
    channel: 'chat',
    subject: '订单物流查询',
    customer: { name: '张伟', kind: 'email', value: 'zhang.wei@example.cn' },
    body: '你好，我的订单物流到哪了？单号 SF1234567890，已经三天没有更新了。',
    priority: 'high',
    team: 0,
    tags: ['物流'],
  },
  {
    channel: 'email',
    subject: 'Refund for order #4821',
    customer: { name: 'Emma Johnson', kind: 'email', value: 'emma.johnson@example.com' },
    body: 'Hi, I returned the headphones last week. How long do refunds take? Thanks, Emma',
    priority: 'normal',
    team: 1,
    tags: ['refund'],
  },
  {
    channel: 'chat',
    subject: '申请退款',
    customer: { name: '刘洋', kind: 'phone', value: '+86 138 0013 8000' },
    body: '商品有质量问题，我想申请退款，请问需要提供什么材料？',
    priority: 'normal',
    team: 0,
    tags: ['退款'],
  },
  {
    channel: 'api',
    subject: 'Device offline alert: router R-220',
    customer: { name: 'Oliver Smith', kind: 'external', value: 'crm-10442' },
    body: 'Monitoring reported router R-220 offline since 09:12 UTC. Customer has business plan.',
    priority: 'urgent',
    team: 1,
    tags: ['outage'],
  },
  {
    channel: 'phone',
    subject: '发票开具',
    customer: { name: '陈静', kind: 'email', value: 'chen.jing@example.cn' },
    body: '来电：客户需要为上个月的订单开具增值税专用发票。',
    priority: 'low',
    team: 0,
    tags: ['发票'],
  },
  {
    channel: 'email',
    subject: 'Cannot log in to my account',
    customer: { name: 'Sofia Garcia', kind: 'email', value: 'sofia@example.org' },
    body: 'Password reset emails never arrive. I checked spam too. Can you help?',
    priority: 'high',
    team: 1,
    tags: ['login'],
  },
  {
    channel: 'chat',
    subject: '退货流程',
    customer: { name: '赵磊', kind: 'visitor', value: 'visitor-7f3a' },
    body: '衣服尺码不合适，怎么退货？还在七天无理由期内。',
    priority: 'normal',
    team: 0,
    tags: ['退货'],
  },
  {
    channel: 'email',
    subject: 'Shipping to Canada?',
    customer: { name: 'Liam Brown', kind: 'email', value: 'liam.brown@example.ca' },
    body: 'Do you ship to Canada, and how much does it cost?',
    priority: 'low',
    team: 1,
    tags: ['shipping'],
  },
] as const;

/** Canned responses to try with `/` in the composer. */
const cannedResponses = [
  {
    shortcut: 'hi',
    title: '问候 Greeting (中文)',
    body: '{{customer.name}}，您好！我是客服{{agent.name}}，很高兴为您服务。',
  },
  {
    shortcut: 'hello',
    title: 'Greeting (English)',
    body: 'Hi {{customer.name}}, this is {{agent.name}}. Thanks for getting in touch!',
  },
  {
    shortcut: '物流',
    title: '物流查询 Shipping status',
    body: '{{customer.name}}，您的订单已在配送途中，通常 1–3 天送达。如需单号，请告诉我订单号。',
  },
  {
    shortcut: 'refund',
    title: 'Refund started',
    body: 'Hi {{customer.name}}, I have started your refund for #{{conversation.id}}. It usually reaches you in 3–5 working days. — {{agent.name}}',
  },
] as const;

/**
 * Seeds the demo workspace the first time Kefu starts: an owner to sign in as, agents, two
 * teams, and customers with conversations in Chinese and English across channels.
 * Returns false when a demo workspace already exists.
 */
export async function seedDemo(deps: {
  services: Services;
  uow: UnitOfWork;
  hasher: PasswordHasher;
  ids: IdGenerator;
}): Promise<boolean> {
  const exists = await deps.uow.read((repos) =>
    repos.workspaces.findUserByEmailKey(emailKey(demoLogin.email)),
  );
  if (exists) return false;
  const session = await deps.services.auth.signup(
    {
      workspaceName: 'Kefu Demo 客服演示',
      name: 'Demo Owner 演示管理员',
      email: demoLogin.email,
      password: demoLogin.password,
      locale: 'zh-CN',
      timezone: 'Asia/Shanghai',
    },
    { ip: null, userAgent: 'seed' },
  );
  const workspaceId = session.workspaceId;
  const owner: Actor = {
    kind: 'user',
    userId: session.userId,
    workspaceId,
    role: 'owner',
    sessionId: session.sessionId,
    ip: null,
  };
  const agentHash = await deps.hasher.hash(agentPassword);
  const agentIds: string[] = [];
  const teamIds = [deps.ids(), deps.ids()];
  await deps.uow.transaction(async ({ repos }) => {
    for (const agent of agents) {
      const id = deps.ids();
      agentIds.push(id);
      await repos.workspaces.insertUser({
        id,
        email: agent.email,
        emailKey: emailKey(agent.email),
        name: agent.name,
        passwordHash: agentHash,
        locale: 'zh-CN',
      });
      await repos.workspaces.insertMembership({ workspaceId, userId: id, role: agent.role });
    }
    const now = new Date();
    await repos.admin.insertTeam({
      id: teamIds[0]!,
      workspaceId,
      name: '中文支持 Chinese Support',
      description: '普通话客户 / Mandarin-speaking customers',
      at: now,
    });
    await repos.admin.insertTeam({
      id: teamIds[1]!,
      workspaceId,
      name: 'Global Support',
      description: 'English-speaking customers',
      at: now,
    });
    await repos.admin.replaceTeamMembers(workspaceId, teamIds[0]!, [agentIds[0]!, agentIds[2]!]);
    await repos.admin.replaceTeamMembers(workspaceId, teamIds[1]!, [agentIds[0]!, agentIds[1]!]);
  });
  await deps.services.widget.settings.seed(workspaceId, demoWidgetKey);
  for (const canned of cannedResponses)
    await deps.services.cannedResponses.create(owner, { ...canned });
  await seedDemoSla(deps.services, owner);
  await seedDemoAutomations(deps.services, owner);
  await seedDemoKnowledge(deps.services, owner);
  // The bot answers the demo widget's visitors from those articles (Admin → Answer bot).
  await deps.services.answerBotAdmin.updateSettings(owner, { enabled: true });
  for (const [index, item] of conversations.entries()) {
    const conversation = await deps.services.conversations.create(owner, {
      channel: item.channel,
      subject: item.subject,
      customer: {
        name: item.customer.name,
        identity: { kind: item.customer.kind, value: item.customer.value },
      },
      message: { author: 'customer', body: item.body, visibility: 'public' },
      priority: item.priority,
      teamId: teamIds[item.team]!,
      tags: [...item.tags],
      ...(index % 3 === 0 ? {} : { assigneeId: agentIds[index % agentIds.length]! }),
    });
    if (index % 2 === 0) {
      const reply = item.subject.match(/[\u4e00-\u9fff]/)
        ? '您好，已收到您的问题，我们正在为您处理，请稍候。'
        : 'Thanks for reaching out. We are looking into this now.';
      await deps.services.messages.post(owner, conversation.id, {
        author: 'agent',
        body: reply,
        visibility: 'public',
      });
      await deps.services.messages.post(owner, conversation.id, {
        author: 'agent',
        body: 'Internal: checked the order system, see ticket history.',
        visibility: 'internal',
      });
    }
  }
  await seedDemoHistory({ services: deps.services, uow: deps.uow, owner, agentIds, teamIds });
  // Mail sent to this address at the SMTP listener (port 2525) becomes a conversation.
  await deps.services.email.channels.create(owner, {
    name: '客服邮箱 Support mailbox',
    address: demoMailbox,
    fromName: 'Kefu Demo 客服',
    autoAcknowledge: false,
    enabled: true,
  });
  return true;
}
