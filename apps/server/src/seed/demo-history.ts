import type { UnitOfWork } from '../db/unit-of-work.ts';
import type { Actor } from '../modules/auth/actor.ts';
import type { Services } from '../services.ts';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

const topics = [
  {
    subject: '发票抬头修改',
    body: '请帮我把发票抬头改成公司名称，谢谢。',
    channel: 'chat',
    tag: '发票',
  },
  {
    subject: 'Order arrived damaged',
    body: 'The box was crushed and the mug is broken.',
    channel: 'email',
    tag: 'refund',
  },
  {
    subject: '快递一直没到',
    body: '下单一周了还没收到，麻烦查一下。',
    channel: 'chat',
    tag: '物流',
  },
  {
    subject: 'Change delivery address',
    body: 'Can I still change the address for order #5120?',
    channel: 'api',
    tag: 'shipping',
  },
  { subject: '会员积分没到账', body: '上周的订单积分没有加上。', channel: 'phone', tag: '会员' },
  {
    subject: 'Warranty question',
    body: 'Is the two-year warranty valid outside China?',
    channel: 'email',
    tag: 'warranty',
  },
] as const;

/**
 * Two weeks of finished work for the demo's reports: conversations opened on past days,
 * answered after minutes to hours, some with a follow-up, most solved, a few reopened. They
 * are written through the services now and then moved to their past times.
 */
export async function seedDemoHistory(deps: {
  services: Services;
  uow: UnitOfWork;
  owner: Actor & { kind: 'user' };
  agentIds: string[];
  teamIds: string[];
}) {
  const { services, owner } = deps;
  const customer: Actor = {
    kind: 'api_token',
    tokenId: owner.userId,
    workspaceId: owner.workspaceId,
    scopes: ['conversations:write'],
    ip: null,
  };
  const today = Math.floor(Date.now() / DAY) * DAY;
  for (let k = 0; k < 42; k += 1) {
    const topic = topics[k % topics.length]!;
    const zh = /[\u4e00-\u9fff]/.test(topic.subject);
    // 01:00–10:00 UTC is 09:00–18:00 in Shanghai, the demo's time zone.
    let at = today - (1 + (k % 14)) * DAY + (1 + ((k * 7) % 9)) * 60 * MIN + ((k * 13) % 50) * MIN;
    const windows: { from: Date; at: Date }[] = [];
    const step = async (gapMinutes: number, run: () => Promise<unknown>) => {
      at += gapMinutes * MIN;
      windows.push({ from: new Date(), at: new Date(at) });
      await run();
    };
    let id = '';
    await step(0, async () => {
      id = (
        await services.conversations.create(owner, {
          channel: topic.channel,
          subject: topic.subject,
          customer: {
            name: zh ? `客户 ${k + 1}` : `Customer ${k + 1}`,
            identity: { kind: 'email', value: `history${k % 17}@example.com` },
          },
          message: { author: 'customer', body: topic.body, visibility: 'public' },
          priority: k % 9 === 0 ? 'high' : 'normal',
          teamId: deps.teamIds[zh ? 0 : 1]!,
          assigneeId: deps.agentIds[k % deps.agentIds.length]!,
          tags: [topic.tag],
        })
      ).id;
    });
    const reply = (body: string) => () =>
      services.messages.post(owner, id, { author: 'agent', body, visibility: 'public' });
    await step(4 + ((k * 37) % 170), reply(zh ? '您好，正在为您处理。' : 'Thanks, we are on it.'));
    if (k % 4 === 1) {
      await step(20 + ((k * 11) % 90), () =>
        services.messages.post(customer, id, {
          author: 'customer',
          body: zh ? '好的，还有多久？' : 'Any update?',
          visibility: 'public',
        }),
      );
      await step(10 + ((k * 17) % 60), reply(zh ? '今天内处理完。' : 'It will be done today.'));
    }
    // Every fifth stays open (the backlog); every seventh is solved, reopened and solved again.
    const solve = () => services.conversations.update(owner, id, { status: 'solved' });
    if (k % 5 !== 0) await step(30 + ((k * 29) % 600), solve);
    if (k % 5 !== 0 && k % 7 === 3) {
      await step(180, () => services.conversations.update(owner, id, { status: 'open' }));
      await step(45, reply(zh ? '已重新为您处理。' : 'Sorted again.'));
      await step(30, solve);
    }
    await deps.uow.transaction(({ repos }) => repos.analyticsFacts.backdate(id, windows));
  }
}
