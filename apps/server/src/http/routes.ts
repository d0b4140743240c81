import { adminRoutes } from '../modules/admin/admin.routes.ts';
import { analyticsRoutes } from '../modules/analytics/analytics.routes.ts';
import { answerBotRoutes } from '../modules/answer-bot/answer-bot.routes.ts';
import { assistRoutes } from '../modules/assist/assist.routes.ts';
import { automationRoutes } from '../modules/automations/automations.routes.ts';
import { attachmentRoutes } from '../modules/attachments/attachments.routes.ts';
import { authRoutes } from '../modules/auth/auth.routes.ts';
import { cannedResponseRoutes } from '../modules/canned-responses/canned-responses.routes.ts';
import { conversationRoutes } from '../modules/conversations/conversations.routes.ts';
import { emailRoutes } from '../modules/email/email.routes.ts';
import { companyRoutes } from '../modules/customers/companies.routes.ts';
import { customerRoutes } from '../modules/customers/customers.routes.ts';
import { inboxRoutes } from '../modules/inbox/inbox.routes.ts';
import { knowledgeRoutes } from '../modules/knowledge/knowledge.routes.ts';
import { preferenceRoutes } from '../modules/preferences/preferences.routes.ts';
import { routingRoutes } from '../modules/routing/routing.routes.ts';
import { surveyRoutes } from '../modules/surveys/surveys.routes.ts';
import { slaRoutes } from '../modules/sla/sla.routes.ts';
import { visitorRoutes } from '../modules/widget/visitor.routes.ts';
import { widgetAdminRoutes } from '../modules/widget/widget.routes.ts';
import type { AnyRoute } from './route.ts';

/** Every API route. The OpenAPI document and the tenant and input sweeps are generated from it. */
export const apiRoutes: AnyRoute[] = [
  ...authRoutes,
  ...conversationRoutes,
  ...customerRoutes,
  ...attachmentRoutes,
  ...companyRoutes,
  ...adminRoutes,
  ...inboxRoutes,
  ...cannedResponseRoutes,
  ...preferenceRoutes,
  ...widgetAdminRoutes,
  ...emailRoutes,
  ...visitorRoutes,
  ...routingRoutes,
  ...slaRoutes,
  ...automationRoutes,
  ...surveyRoutes,
  ...knowledgeRoutes,
  ...analyticsRoutes,
  ...answerBotRoutes,
  ...assistRoutes,
];
