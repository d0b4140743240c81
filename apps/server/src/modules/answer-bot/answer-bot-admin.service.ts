import type { z } from 'zod';
import type {
  AnswerBotSettings,
  BotReport,
  BotReportQuery,
  KnowledgeGapQuery,
  UpdateAnswerBotSettingsBody,
} from '@kefu/contracts';
import type { BotSettingsRow } from '../../db/schema-answer-bot.ts';
import { AppError } from '../../lib/errors.ts';
import type { BotOutcomeCounts } from '../../repositories/answer-bot.repository.ts';
import { bucketsOf, filtersOf } from '../analytics/analytics.service.ts';
import type { Actor } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { defaultThreshold } from './answer-bot.service.ts';
import { defaultWindowHours } from './bot-outcomes.ts';
import { groupQuestions } from './knowledge-gaps.ts';

/** How many declined questions a gap report reads (the newest). */
const gapQuestionLimit = 2000;

function presentSettings(row: BotSettingsRow | undefined): AnswerBotSettings {
  return {
    enabled: row?.enabled ?? false,
    threshold: row?.threshold ?? defaultThreshold,
    windowHours: row?.window_hours ?? defaultWindowHours,
    llm:
      row?.llm_base_url && row.llm_model
        ? {
            baseUrl: row.llm_base_url,
            model: row.llm_model,
            hasApiKey: row.llm_api_key !== null,
            timeoutMs: row.llm_timeout_ms,
          }
        : null,
  };
}

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** At most this many days in a report grouped by hour (as the analytics reports). */
const maxHourDays = 31;

const empty: BotOutcomeCounts = {
  newConversations: 0,
  byOutcome: { pending: 0, confirmed: 0, assumed: 0, handed_over: 0, unanswered: 0 },
};

/** Brings a workspace's conversation facts up to date (the analytics refresher). */
export interface FactsRefresh {
  refresh(workspaceId: string): Promise<unknown>;
}

function checkRange(from: string, to: string): { from: Date; to: Date } {
  const range = { from: new Date(from), to: new Date(to) };
  if (range.to <= range.from)
    throw new AppError('validation_failed', 'to: must be after from', { field: 'to' });
  return range;
}

/** The bot's settings (admins) and its reports (supervisors): outcomes and knowledge gaps. */
export class AnswerBotAdminService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly facts: FactsRefresh,
  ) {}

  async settings(actor: Actor): Promise<AnswerBotSettings> {
    return presentSettings(
      await this.deps.uow.read((repos) => repos.answerBot.settings(actor.workspaceId)),
    );
  }

  async updateSettings(
    actor: Actor,
    input: z.output<typeof UpdateAnswerBotSettingsBody>,
  ): Promise<AnswerBotSettings> {
    const llm =
      input.llm === undefined
        ? {}
        : input.llm === null
          ? { llm_base_url: null, llm_model: null, llm_api_key: null }
          : {
              llm_base_url: input.llm.baseUrl,
              llm_model: input.llm.model,
              llm_timeout_ms: input.llm.timeoutMs,
              ...(input.llm.apiKey !== undefined ? { llm_api_key: input.llm.apiKey } : {}),
            };
    const row = await this.deps.uow.transaction(async ({ repos }) =>
      repos.answerBot.saveSettings(
        actor.workspaceId,
        {
          ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
          ...(input.threshold !== undefined ? { threshold: input.threshold } : {}),
          ...(input.windowHours !== undefined ? { window_hours: input.windowHours } : {}),
          ...llm,
        },
        this.deps.clock.now(),
      ),
    );
    return presentSettings(row);
  }

  /**
   * metrics.md §6 over sessions started in [from, to): involvement = bot sessions / new
   * conversations; resolution = (confirmed + assumed) / involved, each part also on its own;
   * automation = involvement × resolution. Pending sessions count as involved, not resolved.
   * Sliced as every report (the conversation's facts now); the series per bucket in the
   * workspace's zone. The facts are brought up to date first, as before every analytics report.
   */
  async report(actor: Actor, query: z.output<typeof BotReportQuery>): Promise<BotReport> {
    const { from, to } = checkRange(query.from, query.to);
    if (query.groupBy === 'hour' && to.getTime() - from.getTime() > maxHourDays * 86_400_000)
      throw new AppError('validation_failed', `to: a range of at most ${maxHourDays} days`, {
        field: 'to',
      });
    const slices = filtersOf(query);
    await this.facts.refresh(actor.workspaceId);
    const { perBucket, timezone } = await this.deps.uow.read(async (repos) => {
      const timezone = (await repos.workspaces.findWorkspace(actor.workspaceId))?.timezone ?? 'UTC';
      const bucket = { unit: query.groupBy, timezone };
      return {
        perBucket: await repos.answerBot.outcomeCounts(actor.workspaceId, from, to, slices, bucket),
        timezone,
      };
    });
    // The buckets cover the range and nothing else: the totals are their sums (one pass over
    // the sessions and conversations, not two).
    const total = sumOf(perBucket);
    const o = total.byOutcome;
    const involved = o.pending + o.confirmed + o.assumed + o.handed_over + o.unanswered;
    const resolved = o.confirmed + o.assumed;
    const byKey = new Map(perBucket.map((row) => [row.key, row]));
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      timezone,
      groupBy: query.groupBy,
      newConversations: total.newConversations,
      involved,
      confirmed: o.confirmed,
      assumed: o.assumed,
      handedOver: o.handed_over,
      unanswered: o.unanswered,
      pending: o.pending,
      involvementRate: rate(involved, total.newConversations),
      resolutionRate: rate(resolved, involved),
      confirmedResolutionRate: rate(o.confirmed, involved),
      assumedResolutionRate: rate(o.assumed, involved),
      automationRate: rate(resolved, total.newConversations),
      series: bucketsOf({ from, to }, query.groupBy, timezone).map((b) => {
        const counts = byKey.get(b.label) ?? empty;
        const c = counts.byOutcome;
        return {
          ...b,
          newConversations: counts.newConversations,
          involved: c.pending + c.confirmed + c.assumed + c.handed_over + c.unanswered,
          confirmed: c.confirmed,
          assumed: c.assumed,
          automationRate: rate(c.confirmed + c.assumed, counts.newConversations),
        };
      }),
    };
  }

  /** Declined questions grouped by similarity, each with a link that starts an article. */
  async knowledgeGaps(actor: Actor, query: z.output<typeof KnowledgeGapQuery>) {
    const { from, to } = checkRange(query.from, query.to);
    const rows = await this.deps.uow.read((repos) =>
      repos.answerBot.unansweredQuestions(
        actor.workspaceId,
        from,
        to,
        query.locale ?? null,
        gapQuestionLimit,
      ),
    );
    const groups = groupQuestions(
      rows.map((r) => ({
        question: r.question,
        locale: r.locale,
        createdAt: new Date(r.created_at),
      })),
    );
    return {
      items: groups.map((group) => ({
        question: group.question,
        count: group.count,
        examples: group.examples,
        locale: group.locale,
        lastAskedAt: group.lastAskedAt.toISOString(),
        writeArticleUrl: `/app/knowledge/new?${new URLSearchParams({
          title: group.question,
          ...(group.locale ? { locale: group.locale } : {}),
        }).toString()}`,
      })),
    };
  }
}

/** The counts of several buckets added up. */
function sumOf(buckets: readonly BotOutcomeCounts[]): BotOutcomeCounts {
  const total = structuredClone(empty);
  for (const b of buckets) {
    total.newConversations += b.newConversations;
    for (const outcome of Object.keys(total.byOutcome) as (keyof typeof total.byOutcome)[])
      total.byOutcome[outcome] += b.byOutcome[outcome];
  }
  return total;
}
