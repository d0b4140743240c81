import type { z } from 'zod';
import type { UpdateWidgetSettingsBody, WidgetConfig, WidgetSettings } from '@kefu/contracts';
import type { WidgetSettingsRow } from '../../db/schema.ts';
import { notFound } from '../../lib/errors.ts';
import { randomSecret } from '../../lib/secrets.ts';
import type { Repositories } from '../../repositories/index.ts';
import { writeAudit } from '../audit.ts';
import type { Actor } from '../auth/actor.ts';
import type { ServiceDeps } from '../service-deps.ts';
import type { AvailabilityService } from './availability.service.ts';

const defaultGreeting = {
  zh: '你好！有什么可以帮您？',
  en: 'Hi! How can we help?',
};
/** Reply-time estimates are recomputed at most this often per workspace. */
const replyEstimateTtlMs = 5 * 60 * 1000;
/** Chats from this far back count towards the estimate; fewer than three fall back. */
const replyWindowMs = 14 * 24 * 60 * 60 * 1000;

/** The embed snippet an admin pastes into their site. */
export function embedSnippet(publicUrl: string, publicKey: string): string {
  return `<script async src="${publicUrl}/widget.js" data-kefu-key="${publicKey}"></script>`;
}

/** Median of the recent first-reply times, rounded up to whole minutes (at least 1). */
export function estimateReplyMinutes(samples: number[], fallback: number): number {
  if (samples.length < 3) return fallback;
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return Math.max(1, Math.ceil(median));
}

/** Widget settings (admin) and the public configuration the widget starts from. */
export class WidgetSettingsService {
  private readonly replyEstimates = new Map<string, { minutes: number; until: number }>();

  constructor(
    private readonly deps: ServiceDeps,
    private readonly availability: AvailabilityService,
  ) {}

  /** The workspace's settings, created with fresh keys the first time anyone asks. */
  async ensure(repos: Repositories, workspaceId: string): Promise<WidgetSettingsRow> {
    return (
      (await repos.widget.findSettings(workspaceId)) ??
      repos.widget.ensureSettings({
        workspaceId,
        publicKey: randomSecret(18, 'wk_'),
        identitySecret: randomSecret(32, 'whs_'),
        linkSecret: randomSecret(32),
        greetingZh: defaultGreeting.zh,
        greetingEn: defaultGreeting.en,
        at: this.deps.clock.now(),
      })
    );
  }

  async get(actor: Actor): Promise<WidgetSettings> {
    const row = await this.deps.uow.transaction(({ repos }) =>
      this.ensure(repos, actor.workspaceId),
    );
    return this.present(row);
  }

  async update(
    actor: Actor,
    input: z.output<typeof UpdateWidgetSettingsBody>,
  ): Promise<WidgetSettings> {
    const row = await this.deps.uow.transaction(async ({ repos }) => {
      const before = await this.ensure(repos, actor.workspaceId);
      const now = this.deps.clock.now();
      const updated = await repos.widget.updateSettings(
        actor.workspaceId,
        {
          ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
          ...(input.color !== undefined ? { color: input.color.toLowerCase() } : {}),
          ...(input.greeting?.['zh-CN'] !== undefined
            ? { greeting_zh: input.greeting['zh-CN'] }
            : {}),
          ...(input.greeting?.en !== undefined ? { greeting_en: input.greeting.en } : {}),
          ...(input.preChat?.name !== undefined ? { prechat_name: input.preChat.name } : {}),
          ...(input.preChat?.email !== undefined ? { prechat_email: input.preChat.email } : {}),
          ...(input.expectedReplyMinutes !== undefined
            ? { expected_reply_minutes: input.expectedReplyMinutes }
            : {}),
          ...(input.allowedOrigins !== undefined
            ? { allowed_origins: [...new Set(input.allowedOrigins.map((o) => o.toLowerCase()))] }
            : {}),
        },
        now,
      );
      await writeAudit(
        repos,
        { ids: this.deps.ids, now },
        {
          actor,
          workspaceId: actor.workspaceId,
          action: 'widget_settings.updated',
          targetType: 'widget_settings',
          targetId: before.public_key,
          data: { changes: Object.keys(input) },
        },
      );
      return updated;
    });
    this.replyEstimates.delete(actor.workspaceId);
    return this.present(row);
  }

  /** A new identity secret: tokens signed with the old one are refused from now on. */
  async rotateSecret(actor: Actor): Promise<WidgetSettings> {
    const row = await this.deps.uow.transaction(async ({ repos }) => {
      const before = await this.ensure(repos, actor.workspaceId);
      const now = this.deps.clock.now();
      const updated = await repos.widget.updateSettings(
        actor.workspaceId,
        { identity_secret: randomSecret(32, 'whs_') },
        now,
      );
      await writeAudit(
        repos,
        { ids: this.deps.ids, now },
        {
          actor,
          workspaceId: actor.workspaceId,
          action: 'widget_settings.secret_rotated',
          targetType: 'widget_settings',
          targetId: before.public_key,
        },
      );
      return updated;
    });
    return this.present(row);
  }

  /**
   * Gives a workspace's widget a chosen public key (the demo seed uses a well-known one) and
   * asks for an optional email before a chat. Does nothing when the workspace has settings.
   */
  async seed(workspaceId: string, publicKey: string): Promise<void> {
    await this.deps.uow.transaction(async ({ repos }) => {
      if (await repos.widget.findSettings(workspaceId)) return;
      await repos.widget.ensureSettings({
        workspaceId,
        publicKey,
        identitySecret: randomSecret(32, 'whs_'),
        linkSecret: randomSecret(32),
        greetingZh: '你好！我们是 Kefu 演示团队，有什么可以帮您？',
        greetingEn: 'Hi! This is the Kefu demo team. How can we help?',
        at: this.deps.clock.now(),
      });
      await repos.widget.updateSettings(
        workspaceId,
        { prechat_email: 'optional', expected_reply_minutes: 5 },
        this.deps.clock.now(),
      );
    });
  }

  /**
   * The origins allowed to embed this widget (empty: any), for the iframe page's
   * `frame-ancestors`; null when the key is unknown or the widget is off.
   */
  async allowedOrigins(publicKey: string): Promise<string[] | null> {
    const row = await this.deps.uow.read((repos) => repos.widget.findSettingsByKey(publicKey));
    return row?.enabled ? row.allowed_origins : null;
  }

  /** Whether a key belongs to an enabled widget (the demo page shows itself only then). */
  async isActiveKey(publicKey: string): Promise<boolean> {
    const row = await this.deps.uow.read((repos) => repos.widget.findSettingsByKey(publicKey));
    return row?.enabled === true;
  }

  /** The public key of a workspace's widget (the demo page embeds it). */
  async publicKeyForWorkspace(workspaceId: string): Promise<string> {
    const row = await this.deps.uow.transaction(({ repos }) => this.ensure(repos, workspaceId));
    return row.public_key;
  }

  /** What the widget shows first. Unknown keys and disabled widgets are both not found. */
  async config(publicKey: string): Promise<WidgetConfig> {
    const row = await this.deps.uow.read((repos) => repos.widget.findSettingsByKey(publicKey));
    if (!row || !row.enabled) throw notFound('Widget');
    const [agentsOnline, expectedReplyMinutes] = await Promise.all([
      this.availability.anyOnline(row.workspace_id),
      this.expectedReplyMinutes(row.workspace_id, row.expected_reply_minutes),
    ]);
    return {
      workspaceName: row.workspace_name,
      defaultLocale: row.default_locale === 'zh-CN' ? 'zh-CN' : 'en',
      color: row.color,
      greeting: { 'zh-CN': row.greeting_zh, en: row.greeting_en },
      preChat: { name: row.prechat_name, email: row.prechat_email },
      agentsOnline,
      expectedReplyMinutes,
    };
  }

  private async expectedReplyMinutes(workspaceId: string, fallback: number): Promise<number> {
    const now = this.deps.clock.now().getTime();
    const cached = this.replyEstimates.get(workspaceId);
    if (cached && cached.until > now) return cached.minutes;
    const samples = await this.deps.uow.read((repos) =>
      repos.visitorConversations.firstReplyMinutes(workspaceId, new Date(now - replyWindowMs), 200),
    );
    const minutes = estimateReplyMinutes(samples, fallback);
    this.replyEstimates.set(workspaceId, { minutes, until: now + replyEstimateTtlMs });
    return minutes;
  }

  private present(row: WidgetSettingsRow): WidgetSettings {
    return {
      publicKey: row.public_key,
      identitySecret: row.identity_secret,
      enabled: row.enabled,
      color: row.color,
      greeting: { 'zh-CN': row.greeting_zh, en: row.greeting_en },
      preChat: { name: row.prechat_name, email: row.prechat_email },
      expectedReplyMinutes: row.expected_reply_minutes,
      allowedOrigins: row.allowed_origins,
      snippet: embedSnippet(this.deps.publicUrl, row.public_key),
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  }
}
