// Text the generator draws from: conversation topics (subject and the customer's first message),
// agent replies, customer follow-ups and internal notes, in Chinese and English; names, teams,
// agents and tags. Search tokens are computed from these with @kefu/text in seed.ts.

export type Lang = 'zh' | 'en';
export type TemplateKind = 'topic' | 'agent' | 'followup' | 'note';

export interface Topic {
  subject: string;
  body: string;
  tag: string;
}

export const topics: Record<Lang, Topic[]> = {
  zh: [
    {
      subject: '订单物流查询',
      body: '你好，我的订单物流到哪了？单号已经三天没有更新了，麻烦帮我查一下。',
      tag: '物流',
    },
    {
      subject: '申请退款',
      body: '商品有质量问题，我想申请退款，请问需要提供什么材料？',
      tag: '退款',
    },
    {
      subject: '发票开具',
      body: '请帮我为上个月的订单开具增值税专用发票，抬头和税号我已经填好了。',
      tag: '发票',
    },
    { subject: '退货流程', body: '衣服尺码不合适，怎么退货？还在七天无理由期内。', tag: '退货' },
    {
      subject: '账号无法登录',
      body: '我的账号一直提示密码错误，重置密码的短信也收不到，怎么办？',
      tag: '账号',
    },
    {
      subject: '优惠券无法使用',
      body: '下单时优惠券显示不可用，但是还没有过期，请帮忙看看。',
      tag: '优惠券',
    },
    {
      subject: '修改收货地址',
      body: '刚下的订单地址填错了，能帮我改成公司的地址吗？',
      tag: '地址',
    },
    {
      subject: '收到的商品破损',
      body: '今天收到的快递外包装破了，里面的杯子也碎了，希望尽快处理。',
      tag: '破损',
    },
    {
      subject: '会员积分没有到账',
      body: '上周的订单已经确认收货，但是会员积分一直没有到账。',
      tag: '积分',
    },
    {
      subject: '支付失败',
      body: '用微信支付的时候一直显示支付失败，但是钱已经扣了。',
      tag: '支付',
    },
    {
      subject: '预约上门安装',
      body: '空调已经送到了，想预约周六上午上门安装，可以吗？',
      tag: '安装',
    },
    {
      subject: '配送太慢投诉',
      body: '说好两天送达，现在已经一个星期了还没收到，我要投诉。',
      tag: '投诉',
    },
  ],
  en: [
    {
      subject: 'Where is my order?',
      body: 'Hi, my order still shows "processing" after five days. Can you tell me when it will ship?',
      tag: 'shipping',
    },
    {
      subject: 'Refund request',
      body: 'I returned the headphones last week. How long do refunds usually take?',
      tag: 'refund',
    },
    {
      subject: 'Invoice for my purchase',
      body: 'Could you send me a VAT invoice for order 4821? Our company details are in the account.',
      tag: 'invoice',
    },
    {
      subject: 'How do I return an item?',
      body: 'The jacket is too small. How do I return it and get a different size?',
      tag: 'returns',
    },
    {
      subject: 'Cannot log in to my account',
      body: 'Password reset emails never arrive. I checked my spam folder too.',
      tag: 'login',
    },
    {
      subject: 'Coupon code not working',
      body: 'The discount code from your newsletter says it is invalid at checkout.',
      tag: 'coupon',
    },
    {
      subject: 'Change delivery address',
      body: 'I entered the wrong delivery address. Please change it to my office address.',
      tag: 'address',
    },
    {
      subject: 'Item arrived damaged',
      body: 'The package arrived crushed and the blender inside is cracked.',
      tag: 'damaged',
    },
    {
      subject: 'Loyalty points missing',
      body: 'My points for the last three orders never showed up in my account.',
      tag: 'loyalty',
    },
    {
      subject: 'Payment failed but I was charged',
      body: 'My card was charged twice but the order says payment failed.',
      tag: 'payment',
    },
    {
      subject: 'Schedule installation',
      body: 'The washing machine was delivered. Can a technician install it on Saturday morning?',
      tag: 'installation',
    },
    {
      subject: 'Late delivery complaint',
      body: 'You promised delivery in two days and it has been a week. This is unacceptable.',
      tag: 'complaint',
    },
  ],
};

export const replies: Record<Lang, Record<Exclude<TemplateKind, 'topic'>, string[]>> = {
  zh: {
    agent: [
      '您好，已收到您的问题，我们正在为您处理，请稍候。',
      '您好，已经为您查询，包裹目前在转运中心，预计明天送达。',
      '退款申请已经提交，款项会在三到五个工作日内原路退回。',
      '非常抱歉给您带来不便，我们已经为您补发了新的商品。',
      '请您提供一下订单号和收货人手机号，方便我们核实信息。',
      '问题已经解决，如果还有其他疑问，欢迎随时联系我们。',
    ],
    followup: [
      '好的，谢谢，我再等等。',
      '订单号是 20240518，麻烦尽快处理。',
      '还是没有收到，能不能再帮我催一下？',
      '已经收到了，谢谢你们的帮助！',
      '请问大概什么时候能处理好？',
      '图片已经上传了，请查看。',
    ],
    note: [
      '内部备注：已联系仓库核实库存，等待回复。',
      '内部备注：客户是老会员，可以申请优惠补偿。',
      '内部备注：已转交物流组跟进。',
    ],
  },
  en: {
    agent: [
      'Thanks for reaching out. We are looking into this now.',
      'I checked with the carrier: your parcel is at the local depot and should arrive tomorrow.',
      'Your refund has been approved and will reach your card within 3-5 business days.',
      'Sorry for the trouble! We have shipped a replacement at no cost.',
      'Could you share your order number and the email used at checkout?',
      'Glad we could help. Let us know if there is anything else.',
    ],
    followup: [
      'OK, thanks. I will wait a bit longer.',
      'The order number is 4821-7730. Please hurry.',
      'Still nothing. Can you check again?',
      'Got it today, thank you for your help!',
      'Any update on this?',
      'I attached a photo of the damage.',
    ],
    note: [
      'Internal: checked the order system, see ticket history.',
      'Internal: long-time customer, approve a goodwill credit.',
      'Internal: escalated to the logistics team.',
    ],
  },
};

/** Tags added to a tenth of conversations on top of the topic's tag. */
export const extraTags = ['VIP', '加急', 'escalated'];

/** Six teams with the share of conversations each receives (3% have no team). */
export const teams = [
  { name: '售前咨询 Pre-sales', share: 0.28 },
  { name: '售后服务 After-sales', share: 0.27 },
  { name: '物流配送 Logistics', share: 0.17 },
  { name: 'Billing 账单', share: 0.12 },
  { name: 'Technical Support 技术支持', share: 0.1 },
  { name: 'VIP', share: 0.06 },
];

/** Twenty agents: the first 18 belong to team (index % 6), the last two supervise every team. */
export const agentNames = [
  '王芳',
  '李娜',
  '张敏',
  '刘洋',
  '陈静',
  '杨磊',
  '赵军',
  '黄艳',
  '周杰',
  '吴涛',
  'Alex Chen',
  'Emma Li',
  'Oliver Wang',
  'Sophia Zhang',
  'Liam Liu',
  'Mia Zhao',
  'Noah Huang',
  'Ava Zhou',
  'Ethan Wu 主管',
  'Grace Xu 主管',
];

/** Customer names: family and given names with their romanisation (used in email addresses). */
export const namePieces: Record<Lang, { family: [string, string][]; given: [string, string][] }> = {
  zh: {
    family: [
      ['王', 'wang'],
      ['李', 'li'],
      ['张', 'zhang'],
      ['刘', 'liu'],
      ['陈', 'chen'],
      ['杨', 'yang'],
      ['赵', 'zhao'],
      ['黄', 'huang'],
      ['周', 'zhou'],
      ['吴', 'wu'],
      ['徐', 'xu'],
      ['孙', 'sun'],
      ['胡', 'hu'],
      ['朱', 'zhu'],
      ['高', 'gao'],
      ['林', 'lin'],
      ['何', 'he'],
      ['郭', 'guo'],
      ['马', 'ma'],
      ['罗', 'luo'],
    ],
    given: [
      ['伟', 'wei'],
      ['芳', 'fang'],
      ['娜', 'na'],
      ['敏', 'min'],
      ['静', 'jing'],
      ['丽', 'li'],
      ['强', 'qiang'],
      ['磊', 'lei'],
      ['军', 'jun'],
      ['洋', 'yang'],
      ['勇', 'yong'],
      ['艳', 'yan'],
      ['杰', 'jie'],
      ['娟', 'juan'],
      ['涛', 'tao'],
      ['明', 'ming'],
      ['超', 'chao'],
      ['秀英', 'xiuying'],
      ['华', 'hua'],
      ['平', 'ping'],
    ],
  },
  en: {
    family: [
      'Smith',
      'Johnson',
      'Williams',
      'Brown',
      'Jones',
      'Garcia',
      'Miller',
      'Davis',
      'Rodriguez',
      'Martinez',
      'Hernandez',
      'Lopez',
      'Gonzalez',
      'Wilson',
      'Anderson',
      'Thomas',
      'Taylor',
      'Moore',
      'Jackson',
      'Martin',
    ].map((n): [string, string] => [n, n.toLowerCase()]),
    given: [
      'James',
      'Mary',
      'John',
      'Patricia',
      'Robert',
      'Jennifer',
      'Michael',
      'Linda',
      'William',
      'Elizabeth',
      'David',
      'Barbara',
      'Richard',
      'Susan',
      'Joseph',
      'Jessica',
      'Thomas',
      'Sarah',
      'Charles',
      'Karen',
    ].map((n): [string, string] => [n, n.toLowerCase()]),
  },
};

export const emailDomains: Record<Lang, string[]> = {
  zh: ['qq.com', '163.com', '126.com', 'example.cn'],
  en: ['gmail.com', 'outlook.com', 'yahoo.com', 'example.com'],
};

/** What agents post during the benchmark (rotated). */
export const benchReplies = [
  '您好，已经为您查询，包裹目前在转运中心，预计明天送达。',
  'Thanks for your patience. Your refund was issued today and should arrive in 3-5 days.',
  '非常抱歉给您带来不便，我们已经为您补发了新的商品，单号稍后发给您。',
  'I have updated your delivery address. The parcel will ship this afternoon.',
];
