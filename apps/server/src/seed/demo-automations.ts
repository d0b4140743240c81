import type { Actor } from '../modules/auth/actor.ts';
import type { Services } from '../services.ts';

/**
 * The demo's automations, so a new user finds one of each to try: a macro in the menu beside
 * the composer, a refund procedure on the conversations tagged `refund`, and a time rule that
 * reminds customers who leave a conversation pending for three days.
 */
export async function seedDemoAutomations(services: Services, owner: Actor) {
  await services.automations.macros.create(owner, {
    name: '退款已受理 Refund accepted',
    actions: [
      { type: 'set_status', status: 'pending' },
      { type: 'add_tags', tags: ['已受理'] },
      {
        type: 'reply',
        visibility: 'public',
        body: '{{customer.name}}，您好！您的退款申请已受理，我们会在 3 个工作日内处理。\nHi {{customer.name}}, your refund request is accepted; we will process it within 3 working days.',
      },
    ],
  });
  await services.automations.procedures.create(owner, {
    name: '退款流程 Refund procedure',
    tag: 'refund',
    steps: [
      { title: '核对订单号 Check the order number' },
      { title: '确认退款金额 Confirm the amount' },
      { title: '提交财务 Submit to finance' },
    ],
  });
  await services.automations.timeRules.create(owner, {
    name: '待回复 3 天提醒 Remind after 3 days',
    enabled: true,
    status: 'pending',
    hours: 72,
    match: 'all',
    conditions: [],
    actions: [
      {
        type: 'reply',
        visibility: 'public',
        body: '{{customer.name}}，您好，请问问题解决了吗？\nHi {{customer.name}}, is there anything else we can help with?',
      },
    ],
  });
}
