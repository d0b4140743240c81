/** What the bot says, in the customer's language (the widget shows the same in its UI). */
const replies = {
  en: {
    declined: "Sorry, I don't know the answer to that. Would you like to talk to a person?",
    readMore: 'Read more',
    handover: "I'm passing you to a person now. They will see our conversation.",
  },
  'zh-CN': {
    declined: '抱歉，这个问题我还不知道答案。需要为您转接人工客服吗？',
    readMore: '查看全文',
    handover: '正在为您转接人工客服，客服可以看到我们刚才的对话。',
  },
} as const;

export type BotLocale = keyof typeof replies;

/** The customer's language: the widget's when given, else Chinese when the text has Han characters. */
export function botLocale(requested: string | undefined, text: string): BotLocale {
  if (requested === 'en' || requested === 'zh-CN') return requested;
  return /\p{Script=Han}/u.test(text) ? 'zh-CN' : 'en';
}

export function botReply(locale: BotLocale, key: keyof (typeof replies)['en']): string {
  return replies[locale][key];
}

/** The bot's message in the conversation: the answer, then where to read more. */
export function answerMessage(
  locale: BotLocale,
  answer: string,
  articles: Array<{ title: string; url: string | null }>,
): string {
  const links = articles
    .filter((a) => a.url)
    .map((a) => `${botReply(locale, 'readMore')}: ${a.title} ${a.url}`);
  return [answer, ...links].join('\n\n');
}
