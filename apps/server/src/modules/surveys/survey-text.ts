import type { SurveyKind } from '../../db/schema-surveys.ts';

export type SurveyLocale = 'zh-CN' | 'en';

/** The customer's language: theirs when Kefu knows it, else the workspace's, else English. */
export function surveyLocale(...candidates: (string | null | undefined)[]): SurveyLocale {
  for (const candidate of candidates) {
    if (!candidate) continue;
    if (candidate.toLowerCase().startsWith('zh')) return 'zh-CN';
    if (candidate.toLowerCase().startsWith('en')) return 'en';
  }
  return 'en';
}

const en = {
  subject: (n: number) => `How did we do? [#${n}]`,
  intro: (workspace: string) =>
    `Your request to ${workspace} was solved. Please tell us how it went.`,
  csat: 'How would you rate the support you received?',
  nps: (workspace: string) =>
    `How likely are you to recommend ${workspace} to a friend or colleague?`,
  ces: (workspace: string) => `${workspace} made it easy for me to handle my request.`,
  npsEnds: ['Not at all likely', 'Extremely likely'],
  cesScores: [
    'Strongly disagree',
    'Disagree',
    'Somewhat disagree',
    'Neither agree nor disagree',
    'Somewhat agree',
    'Agree',
    'Strongly agree',
  ],
  csatScores: {
    2: ['Bad', 'Good'],
    3: ['Bad', 'Okay', 'Good'],
    5: ['Very bad', 'Bad', 'Okay', 'Good', 'Very good'],
  } as Record<number, string[]>,
  oneClick: 'Click an answer: one click records it. You can add a comment on the next page.',
  until: (date: string) => `You can answer or change your answer until ${date}.`,
  title: 'Your feedback',
  thanks: 'Thank you! Your answer is recorded.',
  yourAnswer: 'Your answer',
  reasons: 'What was it about? (optional)',
  comment: 'Anything else you would like to tell us? (optional)',
  save: 'Save my answer',
  change: 'You can change your answer below.',
  invalidTitle: 'This link is not valid',
  invalidBody:
    'The survey link is incomplete or was changed. Please use the link from the mail as it was sent.',
  closedTitle: 'This survey is closed',
  closedBody: 'The time to answer this survey has passed, or the conversation was closed.',
  badInputTitle: 'Please check your answer',
};

const zh: typeof en = {
  subject: (n) => `您对我们的服务满意吗？[#${n}]`,
  intro: (workspace) => `您向${workspace}提交的问题已解决，请告诉我们您的感受。`,
  csat: '您对本次服务的评价如何？',
  nps: (workspace) => `您有多大可能向朋友或同事推荐${workspace}？`,
  ces: (workspace) => `${workspace}让我轻松地处理了我的问题。`,
  npsEnds: ['完全不可能', '非常可能'],
  cesScores: ['非常不同意', '不同意', '有点不同意', '一般', '有点同意', '同意', '非常同意'],
  csatScores: {
    2: ['不满意', '满意'],
    3: ['不满意', '一般', '满意'],
    5: ['非常不满意', '不满意', '一般', '满意', '非常满意'],
  },
  oneClick: '点击一个选项即可完成评价，下一页可以补充意见。',
  until: (date) => `在 ${date} 之前，您可以评价或修改评价。`,
  title: '您的反馈',
  thanks: '谢谢！您的评价已记录。',
  yourAnswer: '您的评价',
  reasons: '主要是哪方面？（可选）',
  comment: '还有什么想告诉我们的吗？（可选）',
  save: '提交评价',
  change: '您可以在下方修改评价。',
  invalidTitle: '链接无效',
  invalidBody: '此调查链接不完整或已被修改，请使用邮件中的原始链接。',
  closedTitle: '此调查已结束',
  closedBody: '已超过评价期限，或该会话已关闭。',
  badInputTitle: '请检查您的评价',
};

/** The survey mail's and page's sentences in the customer's language. */
export const surveyText = (locale: SurveyLocale) => (locale === 'zh-CN' ? zh : en);
export type SurveyText = typeof en;

/** The question a survey of this kind asks. */
export function questionOf(text: SurveyText, kind: SurveyKind, workspace: string): string {
  return kind === 'csat' ? text.csat : kind === 'nps' ? text.nps(workspace) : text.ces(workspace);
}

/** The label of each score, lowest first, with the score itself. */
export function scoreLabels(
  text: SurveyText,
  kind: SurveyKind,
  scale: number,
): { score: number; label: string }[] {
  if (kind === 'nps')
    return Array.from({ length: 11 }, (_, score) => ({
      score,
      label:
        score === 0
          ? `0 · ${text.npsEnds[0]}`
          : score === 10
            ? `10 · ${text.npsEnds[1]}`
            : String(score),
    }));
  if (kind === 'ces') return text.cesScores.map((label, i) => ({ score: i + 1, label }));
  return (text.csatScores[scale] ?? []).map((label, i) => ({ score: i + 1, label }));
}
