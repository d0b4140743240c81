import type { Actor } from '../modules/auth/actor.ts';
import type { Services } from '../services.ts';

interface DemoArticle {
  visibility?: 'public' | 'internal';
  zh: { title: string; body: string; questions: string[] };
  en: { title: string; body: string; questions: string[] };
}

const categories: {
  zh: { name: string; description: string };
  en: { name: string; description: string };
  articles: DemoArticle[];
}[] = [
  {
    zh: { name: '配送与物流', description: '发货时间、物流查询和收货地址' },
    en: { name: 'Shipping and delivery', description: 'Dispatch times, tracking and addresses' },
    articles: [
      {
        zh: {
          title: '订单多久发货？',
          body: '<p>现货商品在付款后 <strong>24 小时内</strong>发货，预售商品以商品页写明的时间为准。</p><p>发货后您会收到短信和邮件，里面有物流单号。</p>',
          questions: ['什么时候发货', '下单后多久能收到'],
        },
        en: {
          title: 'When will my order ship?',
          body: '<p>Items in stock ship <strong>within 24 hours</strong> of payment; pre-orders ship on the date shown on the product page.</p><p>You get a text and an email with the tracking number once it ships.</p>',
          questions: ['When does my order ship?', 'How long until I receive my order?'],
        },
      },
      {
        zh: {
          title: '如何查询物流？',
          body: '<ol><li>打开“我的订单”。</li><li>选择订单，点击“查看物流”。</li><li>物流三天没有更新时，请联系客服，我们会帮您向快递公司核实。</li></ol>',
          questions: ['我的快递到哪了', '物流不更新怎么办'],
        },
        en: {
          title: 'How do I track my parcel?',
          body: '<ol><li>Open <em>My orders</em>.</li><li>Choose the order and select <em>Track parcel</em>.</li><li>If tracking has not moved for three days, contact us and we will check with the carrier.</li></ol>',
          questions: [
            'Where is my parcel?',
            'How do I track my order?',
            'Tracking has not updated',
          ],
        },
      },
      {
        zh: {
          title: '如何修改收货地址？',
          body: '<p>订单发货前，您可以在“我的订单”中修改收货地址。订单发货后无法修改，请联系客服，我们会尽量联系快递改派。</p>',
          questions: ['地址填错了怎么办', '怎么改地址'],
        },
        en: {
          title: 'How do I change my delivery address?',
          body: '<p>Before your order ships you can change the address under <em>My orders</em>. After it ships, contact us and we will ask the carrier to redirect it.</p>',
          questions: ['I entered the wrong address', 'How do I change my address?'],
        },
      },
    ],
  },
  {
    zh: { name: '退货与退款', description: '七天无理由退货、退款到账时间' },
    en: { name: 'Returns and refunds', description: '7-day returns and when refunds arrive' },
    articles: [
      {
        zh: {
          title: '退货政策',
          body: '<p>签收后 <strong>7 天内</strong>，商品未使用且包装完好，可以无理由退货。</p><ul><li>质量问题：运费由我们承担。</li><li>非质量问题：退回运费由您承担。</li></ul>',
          questions: ['可以退货吗', '七天无理由退货'],
        },
        en: {
          title: 'Return policy',
          body: '<p>You can return unused items in their original packaging <strong>within 7 days</strong> of delivery, for any reason.</p><ul><li>Faulty items: we pay the return shipping.</li><li>Other returns: you pay the return shipping.</li></ul>',
          questions: ['Can I return an item?', 'What is your return policy?'],
        },
      },
      {
        zh: {
          title: '退款多久到账？',
          body: '<p>仓库收到退货并检查后，我们会在 1 个工作日内发起退款。支付宝、微信支付通常当天到账，银行卡需要 3–5 个工作日。</p>',
          questions: ['退款什么时候到账', '钱什么时候退回来'],
        },
        en: {
          title: 'When will I get my refund?',
          body: '<p>We start the refund within one working day after the warehouse receives and checks your return. Alipay and WeChat Pay refunds usually arrive the same day; cards take 3–5 working days.</p>',
          questions: ['When do I get my money back?', 'How long does a refund take?'],
        },
      },
    ],
  },
  {
    zh: { name: '账户与安全', description: '登录、密码和个人信息' },
    en: { name: 'Account and security', description: 'Signing in, passwords and your details' },
    articles: [
      {
        zh: {
          title: '忘记密码怎么办？',
          body: '<p>在登录页点击“忘记密码”，输入注册邮箱或手机号，按收到的链接或验证码设置新密码。链接 30 分钟内有效。</p>',
          questions: ['忘记密码', '无法登录'],
        },
        en: {
          title: 'I forgot my password',
          body: '<p>Select <em>Forgot password</em> on the sign-in page and enter your email or phone number. Follow the link or code you receive to set a new password; the link is valid for 30 minutes.</p>',
          questions: ['I cannot sign in', 'How do I reset my password?'],
        },
      },
    ],
  },
];

/** Agents only: how to handle a refund outside the policy. */
const internalArticle: DemoArticle = {
  visibility: 'internal',
  zh: {
    title: '（内部）超出退货期的退款处理',
    body: '<p>超过 7 天的退货申请：先确认订单金额。500 元以下可由客服直接同意；500 元以上请在会话中备注并指派给主管审批。</p>',
    questions: ['超过七天还能退吗'],
  },
  en: {
    title: '(Internal) Refunds outside the return window',
    body: '<p>Returns after 7 days: check the order value. Agents may approve up to ¥500; above that, add a note and assign the conversation to a supervisor.</p>',
    questions: ['Can a customer return after 7 days?'],
  },
};

/**
 * The demo's knowledge base, so a new user sees a real help center: three bilingual categories
 * (shipping, returns and refunds, account) with published articles, and one internal article
 * that only agents find.
 */
export async function seedDemoKnowledge(services: Services, owner: Actor) {
  for (const category of categories) {
    const created = await services.knowledge.createCategory(owner, {
      translations: { 'zh-CN': category.zh, en: category.en },
    });
    for (const article of category.articles)
      await seedArticle(services, owner, created.id, article);
  }
  await seedArticle(services, owner, null, internalArticle);
}

async function seedArticle(
  services: Services,
  owner: Actor,
  categoryId: string | null,
  article: DemoArticle,
) {
  const created = await services.knowledge.createArticle(owner, {
    categoryId,
    visibility: article.visibility ?? 'public',
    audienceTiers: null,
    locale: 'zh-CN',
    title: article.zh.title,
    bodyHtml: article.zh.body,
    questions: article.zh.questions,
    publish: true,
  });
  await services.knowledge.saveDraft(owner, created.id, {
    locale: 'en',
    title: article.en.title,
    bodyHtml: article.en.body,
    questions: article.en.questions,
  });
  await services.knowledge.publish(owner, created.id, 'en');
}
