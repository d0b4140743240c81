import type { BotTurn } from '@kefu/contracts';
import { expect } from 'vitest';
import type { Kefu } from '../../server.ts';
import { type SignedIn, as } from '../../test/harness.ts';
import { knowledgeClient } from '../knowledge/knowledge-test-helpers.ts';
import { widgetHelpers } from '../widget/widget-test-helpers.ts';

/** Published articles the bot tests ask about, in English and Chinese. */
export async function publishBotArticles(kefu: Kefu, owner: SignedIn) {
  const kb = knowledgeClient(kefu, owner);
  const refund = await kb.article({
    locale: 'en',
    title: 'Refunds',
    bodyHtml:
      '<p>Refunds reach your card within 5 business days after we receive the returned parcel.</p>',
    questions: ['How do I get a refund?', 'When will I get my money back?'],
    publish: true,
  });
  const shipping = await kb.article({
    locale: 'en',
    title: 'Delivery times',
    bodyHtml: '<p>Orders ship within one day and arrive in 2 to 4 days.</p>',
    questions: ['How long does delivery take?'],
    publish: true,
  });
  const refundZh = await kb.article({
    locale: 'zh-CN',
    title: '退款政策',
    bodyHtml: '<p>收到退货后，退款会在5个工作日内退回原支付账户。</p>',
    questions: ['退款多久到账？', '怎么申请退款'],
    publish: true,
  });
  return { refund, shipping, refundZh };
}

/** The bot as a widget visitor and as an admin sees it. */
export function botHelpers(kefu: () => Kefu) {
  const widget = widgetHelpers(kefu);
  const enable = async (owner: SignedIn, settings: Record<string, unknown> = {}) => {
    const response = await kefu().app.inject({
      method: 'PATCH',
      url: '/api/v1/answer-bot/settings',
      payload: { enabled: true, ...settings },
      ...as(owner),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Record<string, unknown>>();
  };
  const ask = async (token: string, question: string, extra: Record<string, unknown> = {}) => {
    const response = await widget.asVisitor(token, {
      method: 'POST',
      url: '/api/v1/widget/bot/questions',
      payload: { question, ...extra },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<BotTurn>();
  };
  const visitor = async (owner: SignedIn) =>
    widget.anonymous((await widget.settings(owner)).publicKey);
  const messages = async (owner: SignedIn, conversationId: string) => {
    const response = await kefu().app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${conversationId}/messages?limit=100`,
      ...as(owner),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: Array<{ authorType: string; body: string }> }>().items;
  };
  const conversation = async (owner: SignedIn, conversationId: string) => {
    const response = await kefu().app.inject({
      method: 'GET',
      url: `/api/v1/conversations/${conversationId}`,
      ...as(owner),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ status: string }>();
  };
  return { ...widget, enable, ask, visitor, messages, conversation };
}
