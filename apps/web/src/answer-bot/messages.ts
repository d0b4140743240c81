/**
 * The answer bot's words in the workspace (settings and knowledge gaps), spread into
 * `i18n/en.ts` and `i18n/zh-CN.ts` (so the dictionaries' key check covers them).
 */
export const answerBotEn = {
  'answerBot.nav': 'Answer bot',
  'answerBot.intro':
    'Before a chat starts, the bot answers widget visitors from your published public help-center articles. When it is not sure, it says so and offers a person.',
  'answerBot.enabled': 'Answer widget visitors with the bot',
  'answerBot.threshold': 'Confidence threshold (0 to 1)',
  'answerBot.thresholdHint':
    'The bot answers only when its best article reaches this confidence. Higher: fewer answers, more often right. Default 0.5.',
  'answerBot.window': 'Assumed resolution after (hours)',
  'answerBot.windowHint':
    'A visitor who got an answer and does not come back within this time counts as helped (1 to 720, default 24).',
  'answerBot.llm': 'Language model (optional)',
  'answerBot.llmIntro':
    'An OpenAI-compatible endpoint phrases answers from the retrieved passages only; no customer data is sent. Without it, the bot quotes the article.',
  'answerBot.llmEnabled': 'Phrase answers with a language model',
  'answerBot.llmBaseUrl': 'Base URL',
  'answerBot.llmBaseUrlHint': 'e.g. https://api.openai.com/v1 (requests go to …/chat/completions)',
  'answerBot.llmModel': 'Model',
  'answerBot.llmApiKey': 'API key',
  'answerBot.llmApiKeyStored': 'A key is stored. Leave empty to keep it.',
  'answerBot.llmApiKeyNone': 'No key is stored. Leave empty for an endpoint without a key.',
  'answerBot.llmRemoveKey': 'Remove the stored key',
  'answerBot.llmTimeout': 'Timeout (milliseconds)',
  'answerBot.save': 'Save',
  'answerBot.saved': 'Answer bot settings saved',
  'answerBot.gapsLink': 'Questions the bot could not answer',

  'answerBot.gaps.title': 'Questions the bot could not answer',
  'answerBot.gaps.intro':
    'Similar questions are grouped; the biggest groups are the articles most worth writing.',
  'answerBot.gaps.range': 'Asked in',
  'answerBot.gaps.last7': 'Last 7 days',
  'answerBot.gaps.last30': 'Last 30 days',
  'answerBot.gaps.last90': 'Last 90 days',
  'answerBot.gaps.language': 'Language',
  'answerBot.gaps.allLanguages': 'All languages',
  'answerBot.gaps.empty': 'The bot answered every question in this period.',
  'answerBot.gaps.count': 'Asked {count} times',
  'answerBot.gaps.lastAsked': 'last {date}',
  'answerBot.gaps.examples': 'Examples',
  'answerBot.gaps.write': 'Write an article',
  'answerBot.gaps.back': 'Knowledge base',
  'answerBot.gaps.settings': 'Answer bot settings',
} as const;

export const answerBotZhCN: Record<keyof typeof answerBotEn, string> = {
  'answerBot.nav': '答题机器人',
  'answerBot.intro':
    '在会话开始前，机器人会根据帮助中心已发布的公开文章回答网页访客。没有把握时，它会如实说明并提供转人工。',
  'answerBot.enabled': '由机器人回答网页访客',
  'answerBot.threshold': '置信度阈值（0 到 1）',
  'answerBot.thresholdHint':
    '只有最匹配的文章达到这个置信度时机器人才会回答。越高：回答越少，但更准确。默认 0.5。',
  'answerBot.window': '视为已解决的等待时间（小时）',
  'answerBot.windowHint':
    '访客得到回答后在这段时间内没有再来，即视为问题已解决（1 到 720，默认 24）。',
  'answerBot.llm': '大语言模型（可选）',
  'answerBot.llmIntro':
    '兼容 OpenAI 的接口只根据检索到的文章段落组织回答，不会发送任何客户数据。不设置时，机器人直接引用文章。',
  'answerBot.llmEnabled': '用大语言模型组织回答',
  'answerBot.llmBaseUrl': '接口地址（Base URL）',
  'answerBot.llmBaseUrlHint': '例如 https://api.openai.com/v1（请求发送到 …/chat/completions）',
  'answerBot.llmModel': '模型',
  'answerBot.llmApiKey': 'API 密钥',
  'answerBot.llmApiKeyStored': '已保存密钥。留空则保留原密钥。',
  'answerBot.llmApiKeyNone': '尚未保存密钥。接口不需要密钥时请留空。',
  'answerBot.llmRemoveKey': '删除已保存的密钥',
  'answerBot.llmTimeout': '超时（毫秒）',
  'answerBot.save': '保存',
  'answerBot.saved': '答题机器人设置已保存',
  'answerBot.gapsLink': '机器人未能回答的问题',

  'answerBot.gaps.title': '机器人未能回答的问题',
  'answerBot.gaps.intro': '相似的问题归为一组；问得最多的组最值得写成文章。',
  'answerBot.gaps.range': '提问时间',
  'answerBot.gaps.last7': '最近 7 天',
  'answerBot.gaps.last30': '最近 30 天',
  'answerBot.gaps.last90': '最近 90 天',
  'answerBot.gaps.language': '语言',
  'answerBot.gaps.allLanguages': '全部语言',
  'answerBot.gaps.empty': '这段时间内机器人回答了所有问题。',
  'answerBot.gaps.count': '被问 {count} 次',
  'answerBot.gaps.lastAsked': '最近一次 {date}',
  'answerBot.gaps.examples': '问题示例',
  'answerBot.gaps.write': '写文章',
  'answerBot.gaps.back': '知识库',
  'answerBot.gaps.settings': '答题机器人设置',
};
