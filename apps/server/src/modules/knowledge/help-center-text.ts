/** The help center's own words. Article languages without their own set use English. */
const en = {
  helpCenter: 'Help center',
  skip: 'Skip to content',
  searchLabel: 'Search the help center',
  searchPlaceholder: 'Search articles, e.g. refund',
  searchButton: 'Search',
  categories: 'Categories',
  popular: 'Popular articles',
  noArticles: 'There are no articles in this language yet.',
  articlesIn: 'Articles in this category',
  resultsFor: 'Results for “{q}”',
  resultCount: '{n} articles found',
  noResults: 'No article matches “{q}”. Try other words, or contact us below.',
  emptyQuery: 'Type what you are looking for.',
  related: 'Related articles',
  languages: 'This article in other languages',
  language: 'Language',
  updated: 'Updated {date}',
  helpfulQuestion: 'Was this article helpful?',
  yes: 'Yes',
  no: 'No',
  reasonLabel: 'What was missing? (optional)',
  sendFeedback: 'Send',
  feedbackThanks: 'Thank you for your feedback.',
  feedbackThanksNo: 'Thank you. We will use your feedback to improve this article.',
  backToArticle: 'Back to the article',
  contactTitle: 'Did not find your answer?',
  contactIntro: 'Write to us and we will answer by email.',
  contactName: 'Your name (optional)',
  contactEmail: 'Your email address',
  contactSubject: 'Subject (optional)',
  contactMessage: 'Your question',
  contactWebsite: 'Leave this field empty',
  contactSend: 'Send message',
  contactThanks: 'Thank you, we received your message.',
  contactThanksBody:
    'We will answer by email as soon as we can. Your reference is #{number}. You can close this page.',
  backHome: 'Back to the help center',
  fieldRequired: 'This field is required.',
  fieldInvalid: 'Enter a valid email address, like name@example.com.',
  fieldTooLong: 'This is too long.',
  formErrors: 'Please correct the fields marked below.',
  rateLimited: 'Too many messages were sent from your address. Please try again in a few minutes.',
  notFoundTitle: 'Page not found',
  notFoundBody: 'This page does not exist or is not public.',
  home: 'Home',
  breadcrumb: 'Breadcrumb',
  sentContext: 'Sent from the help center: {where}',
} as const;

export type HelpText = { [K in keyof typeof en]: string };

const zhCN: HelpText = {
  helpCenter: '帮助中心',
  skip: '跳到正文',
  searchLabel: '搜索帮助中心',
  searchPlaceholder: '搜索文章，例如：退款',
  searchButton: '搜索',
  categories: '分类',
  popular: '热门文章',
  noArticles: '这个语言还没有文章。',
  articlesIn: '本分类的文章',
  resultsFor: '“{q}”的搜索结果',
  resultCount: '找到 {n} 篇文章',
  noResults: '没有与“{q}”匹配的文章。请换个说法，或在下方联系我们。',
  emptyQuery: '请输入要查找的内容。',
  related: '相关文章',
  languages: '本文的其他语言版本',
  language: '语言',
  updated: '更新于 {date}',
  helpfulQuestion: '这篇文章对您有帮助吗？',
  yes: '有帮助',
  no: '没有帮助',
  reasonLabel: '还缺少什么？（选填）',
  sendFeedback: '提交',
  feedbackThanks: '感谢您的反馈。',
  feedbackThanksNo: '谢谢，我们会根据您的反馈改进这篇文章。',
  backToArticle: '返回文章',
  contactTitle: '没有找到答案？',
  contactIntro: '给我们留言，我们会通过邮件回复您。',
  contactName: '您的称呼（选填）',
  contactEmail: '您的邮箱',
  contactSubject: '主题（选填）',
  contactMessage: '您的问题',
  contactWebsite: '请不要填写此项',
  contactSend: '发送留言',
  contactThanks: '谢谢，我们已收到您的留言。',
  contactThanksBody: '我们会尽快通过邮件回复您。您的工单编号是 #{number}。现在可以关闭本页。',
  backHome: '返回帮助中心',
  fieldRequired: '此项为必填。',
  fieldInvalid: '请输入有效的邮箱地址，例如 name@example.com。',
  fieldTooLong: '内容太长。',
  formErrors: '请修改下面标出的项目。',
  rateLimited: '您的网络地址发送的留言过多，请几分钟后再试。',
  notFoundTitle: '找不到页面',
  notFoundBody: '此页面不存在或未公开。',
  home: '首页',
  breadcrumb: '导航路径',
  sentContext: '来自帮助中心：{where}',
};

/** The words for a page in `locale`: Chinese for zh-*, English otherwise. */
export function helpText(locale: string): HelpText {
  return locale.startsWith('zh') ? zhCN : en;
}

/** Replaces `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
}

/** A language's own name, for the language switcher. */
export function languageName(locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
  } catch {
    return locale;
  }
}
