import { z } from 'zod';
import { Email, Id, Locale, Name, Timestamp } from './common.ts';
import { ConversationStatus } from './conversations.ts';
import type { ErrorCode } from './errors.ts';

/**
 * The chat widget and live presence: admin settings, the public visitor API, the visitor socket,
 * and the presence signals on the agent socket.
 *
 * ## Admin (cookie session + x-csrf-token, or an API token with `admin`; audited)
 * - `GET   /api/v1/widget-settings`               → WidgetSettings (created on first read)
 * - `PATCH /api/v1/widget-settings`               UpdateWidgetSettingsBody → WidgetSettings
 * - `POST  /api/v1/widget-settings/rotate-secret` (no body) → WidgetSettings with a new
 *   `identitySecret`; tokens signed with the old secret stop working at once.
 *
 * ## Agents (signed-in person)
 * - `GET /api/v1/me/availability`                 → MyAvailability
 * - `PUT /api/v1/me/availability`                 SetAvailabilityBody → MyAvailability
 *   The agents list (`GET /api/v1/agents`) also carries `availability` and `online` per agent.
 * - `GET  /api/v1/conversations/:id/read-state`   → ReadState (conversations:read)
 * - `POST /api/v1/conversations/:id/seen`         (no body) → ReadState; the agent side has seen
 *   everything up to now; the visitor gets a `read` frame ("Seen").
 *
 * ## Visitors (public; the iframe sends `Authorization: Bearer <visitorToken>`, never cookies)
 * - `GET  /api/v1/widget/config?key=wk_…`          → WidgetConfig (no token; 404 when the key is
 *   unknown or the widget is disabled)
 * - `POST /api/v1/widget/session`                  CreateVisitorSessionBody → VisitorSession
 *   (no token; 201). Anonymous: `{ key }`. Resume: `{ key, visitorToken }` (same customer; an
 *   unknown or expired token silently starts a new anonymous visitor, `resumed: false`). An
 *   identified visitor resumes only when the identity token for the same `sub` comes along;
 *   without it a new anonymous visitor starts (the site has signed its user out). Identified:
 *   `{ key, identityToken }` — a JWT HS256 signed by the site's server with the workspace's
 *   identity secret, claims `sub` (the site's user id, required), `exp` (required, at most 24 h
 *   after `iat` or now), optional `iat`, `email`, `name`. A bad identity token is 401
 *   `invalid_identity_token` with `details.reason` in IdentityTokenFailure. Anonymous session
 *   creation is throttled per address: 429 `rate_limited` with a Retry-After header.
 * - `GET  /api/v1/widget/conversations`            → { items: VisitorConversation[] } newest first
 * - `POST /api/v1/widget/conversations`            CreateVisitorConversationBody →
 *   VisitorConversationCreated (201; throttled per address like sessions; channel `chat`)
 * - `GET  /api/v1/widget/conversations/:id`        → VisitorConversation
 * - `GET  /api/v1/widget/conversations/:id/messages?cursor&limit` → VisitorMessagePage. Public
 *   messages only, oldest first within the page; a page is the latest `limit` messages before
 *   `cursor`, and `nextCursor` fetches older ones (null when there are none).
 * - `POST /api/v1/widget/conversations/:id/messages` VisitorMessageBody → VisitorMessage (201)
 * - `POST /api/v1/widget/conversations/:id/read`   (no body) → ReadState; agents get a `read`
 *   frame.
 * - `POST /api/v1/widget/attachments`              multipart/form-data, field `file` →
 *   VisitorAttachment (201). Attach it by id in a message; only the visitor's own uploads can
 *   be attached.
 * - `GET  /api/v1/widget/attachments/:id?expires&signature` → the file (the `url` of a
 *   VisitorAttachment is such a signed link, valid for a few hours; no token needed, so it works
 *   in `<img src>` and `<a href download>`).
 * - `PATCH /api/v1/widget/profile`                 UpdateVisitorProfileBody → VisitorProfile. Use
 *   it for "leave your email and we'll get back to you" as well.
 * A missing, unknown or expired visitor token is 401 `unauthenticated`: create a new session. A
 * conversation of another customer answers 404 `not_found`, as if it did not exist.
 *
 * ## Visitor socket `GET /api/v1/widget/realtime` (WebSocket, same origin as the iframe)
 * The first frame must be `{ type: 'auth', token, since? }` within 10 s; otherwise, or with a bad
 * token, the server sends an `error` frame with `unauthenticated` and closes with 4401 (4403 when
 * the widget is disabled). Then `ready` arrives, followed by any replayed events after `since`,
 * then live ones. Keep the highest `position` seen (from `ready`, `message`, `conversation` and
 * `pong`) and send it as `since` when reconnecting: nothing is lost or repeated. Frames:
 * VisitorClientFrame (client → server) and VisitorServerFrame (server → client). Only the
 * visitor's own conversations, and never internal notes or internal typing.
 *
 * ## Agent socket `GET /api/v1/realtime` — presence additions
 * Client → server: AgentTypingFrame, AgentViewingFrame (see ClientFrame in events.ts).
 * Server → client: AgentPresenceFrame and AgentReadFrame (see ServerFrame in events.ts), sent to
 * agents holding a `conversation` subscription for that conversation (and, for the sender, as a
 * reply). Presence is ephemeral: typing lapses after `presenceTimings.typingMs` without a
 * refresh, viewing after `presenceTimings.viewingMs`.
 */

/** A key for the snippet: `wk_` then 24 url-safe characters. */
export const WidgetPublicKey = z
  .string()
  .trim()
  .regex(/^wk_[A-Za-z0-9_-]{16,64}$/, 'Use the widget key from the embed snippet');

export const PreChatFieldMode = z.enum(['off', 'optional', 'required']);
export type PreChatFieldMode = z.infer<typeof PreChatFieldMode>;
export const PreChatFields = z.object({ name: PreChatFieldMode, email: PreChatFieldMode });

export const WidgetGreeting = z.object({
  'zh-CN': z.string().max(500),
  en: z.string().max(500),
});

const BrandColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour like #2563eb');
/** An origin such as `https://shop.example.com` (scheme, host and optional port; no path). */
const Origin = z
  .string()
  .trim()
  .max(300)
  // Host names only: the list goes into the iframe page's CSP `frame-ancestors`, where `;`, `'`
  // or `,` would change the policy.
  .regex(
    /^https?:\/\/(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d{1,5})?$/,
    'Use an origin like https://shop.example.com',
  );

/**
 * The embed snippet the admin copies:
 * `<script async src="{PUBLIC_URL}/widget.js" data-kefu-key="wk_…"></script>`.
 * Optional attributes read by the loader: `data-kefu-locale` (`zh-CN` | `en`) and
 * `data-kefu-identity-token` (a signed JWT for identified visitors).
 */
export const WidgetSettings = z.object({
  publicKey: z.string(),
  /** HS256 secret the site's server signs identity tokens with. Shown to admins only. */
  identitySecret: z.string(),
  enabled: z.boolean(),
  color: z.string(),
  greeting: WidgetGreeting,
  preChat: PreChatFields,
  /** Shown when there is not enough recent data to estimate reply times. */
  expectedReplyMinutes: z.number().int(),
  /** Pages allowed to embed the widget; empty means any site. */
  allowedOrigins: z.array(z.string()),
  snippet: z.string(),
  updatedAt: Timestamp,
});
export type WidgetSettings = z.infer<typeof WidgetSettings>;

export const UpdateWidgetSettingsBody = z
  .strictObject({
    enabled: z.boolean().optional(),
    color: BrandColor.optional(),
    greeting: z
      .strictObject({
        'zh-CN': z.string().trim().max(500).optional(),
        en: z.string().trim().max(500).optional(),
      })
      .optional(),
    preChat: z
      .strictObject({ name: PreChatFieldMode.optional(), email: PreChatFieldMode.optional() })
      .optional(),
    expectedReplyMinutes: z.number().int().min(1).max(10_080).optional(),
    allowedOrigins: z.array(Origin).max(50).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Nothing to update');

/** What the widget shows before anything else: public, cached briefly by the server. */
export const WidgetConfig = z.object({
  workspaceName: z.string(),
  defaultLocale: Locale,
  color: z.string(),
  greeting: WidgetGreeting,
  preChat: PreChatFields,
  /** At least one agent is set to online and was connected in the last two minutes. */
  agentsOnline: z.boolean(),
  /** Typical first-reply time in minutes (recent chats, else the admin's setting). */
  expectedReplyMinutes: z.number().int(),
});
export type WidgetConfig = z.infer<typeof WidgetConfig>;

/** Visitor tokens are opaque bearer strings (`wv_…`); the server stores only a hash. */
export const VisitorToken = z.string().trim().min(20).max(200);
/** A compact JWT (header.payload.signature). */
export const IdentityToken = z.string().trim().min(10).max(4096);

export const CreateVisitorSessionBody = z.strictObject({
  key: WidgetPublicKey,
  visitorToken: VisitorToken.optional(),
  identityToken: IdentityToken.optional(),
  locale: Locale.optional(),
  /** The embedding page's URL, checked against allowedOrigins when those are set. */
  pageUrl: z.string().max(2000).optional(),
});

export const VisitorProfile = z.object({
  name: z.string().nullable(),
  email: z.string().nullable(),
  /** True when a signed identity token vouched for this visitor. */
  identified: z.boolean(),
});
export type VisitorProfile = z.infer<typeof VisitorProfile>;

export const VisitorSession = z.object({
  visitorToken: z.string(),
  expiresAt: Timestamp,
  /** False when a fresh anonymous visitor was started (e.g. the old token had expired). */
  resumed: z.boolean(),
  profile: VisitorProfile,
});
export type VisitorSession = z.infer<typeof VisitorSession>;

/** Why an identity token was refused (`details.reason` of `invalid_identity_token`). */
export const IdentityTokenFailure = z.enum([
  'malformed',
  'unsupported_alg',
  'bad_signature',
  'missing_exp',
  'expired',
  'lifetime_too_long',
  'missing_sub',
]);
export type IdentityTokenFailure = z.infer<typeof IdentityTokenFailure>;

export const VisitorAttachment = z.object({
  id: Id,
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  /** A signed link that needs no token, valid for a few hours. */
  url: z.string(),
});
export type VisitorAttachment = z.infer<typeof VisitorAttachment>;

/** A public message as the visitor sees it: never internal, no agent ids. */
export const VisitorMessage = z.object({
  id: Id,
  conversationId: Id,
  author: z.object({
    type: z.enum(['customer', 'agent', 'bot', 'system']),
    /** The agent's display name; null for the visitor's own messages and system messages. */
    name: z.string().nullable(),
  }),
  body: z.string(),
  /** Server-sanitized HTML, or null; render `body` as text when null. */
  html: z.string().nullable(),
  attachments: z.array(VisitorAttachment),
  createdAt: Timestamp,
});
export type VisitorMessage = z.infer<typeof VisitorMessage>;

/** Who has read up to when: the visitor's side and the agents' side ("Seen"). */
export const ReadState = z.object({
  conversationId: Id,
  visitorLastReadAt: Timestamp.nullable(),
  agentLastReadAt: Timestamp.nullable(),
});
export type ReadState = z.infer<typeof ReadState>;

export const VisitorConversation = z.object({
  id: Id,
  status: ConversationStatus,
  lastMessage: VisitorMessage.nullable(),
  /** Agent and bot messages newer than the visitor's last read time. */
  unreadCount: z.number().int(),
  visitorLastReadAt: Timestamp.nullable(),
  agentLastReadAt: Timestamp.nullable(),
  /**
   * The answer bot holds it (no handover to a person yet): the widget continues in its bot
   * panel, and a chat message posted to it hands it over.
   */
  heldByBot: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type VisitorConversation = z.infer<typeof VisitorConversation>;

const VisitorMessageText = z.string().max(20_000);
export const VisitorMessageBody = z
  .strictObject({
    body: VisitorMessageText.optional(),
    attachmentIds: z.array(Id).max(10).optional(),
  })
  .refine((m) => (m.body ?? '').trim() !== '' || (m.attachmentIds?.length ?? 0) > 0, {
    message: 'Write a message or attach a file',
    path: ['body'],
  });

export const UpdateVisitorProfileBody = z
  .strictObject({ name: Name.optional(), email: Email.optional() })
  .refine((b) => b.name !== undefined || b.email !== undefined, 'Give a name or an email');

export const CreateVisitorConversationBody = z.strictObject({
  message: VisitorMessageBody,
  /** Answers to the pre-chat fields; they update the visitor's profile. */
  preChat: z.strictObject({ name: Name.optional(), email: Email.optional() }).optional(),
  pageUrl: z.string().max(2000).optional(),
});

export const VisitorConversationCreated = z.object({
  conversation: VisitorConversation,
  message: VisitorMessage,
});

export const VisitorMessageListQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export const VisitorMessagePage = z.object({
  items: z.array(VisitorMessage),
  nextCursor: z.string().nullable(),
});

/** Frames the visitor's iframe sends on `/api/v1/widget/realtime`. */
export const VisitorClientFrame = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('auth'),
    token: VisitorToken,
    /** The highest position seen before the connection dropped. */
    since: z.number().int().min(0).optional(),
  }),
  /** Send `typing: true` every few seconds while typing and `false` when sent or cleared. */
  z.strictObject({ type: z.literal('typing'), conversationId: Id, typing: z.boolean() }),
  z.strictObject({ type: z.literal('ping') }),
]);
export type VisitorClientFrame = z.infer<typeof VisitorClientFrame>;

/** Frames the server sends to a visitor. */
export type VisitorServerFrame =
  /**
   * `position`: where this stream starts — your `since`, or the latest position on a fresh
   * connection. Refetch over HTTP after a fresh connection; with `since`, what you missed follows.
   */
  | { type: 'ready'; position: number }
  /** Also the visitor's own messages (from another tab, or echoing a POST): dedupe by id. */
  | { type: 'message'; position: number; message: VisitorMessage }
  /** A conversation of the visitor was created or changed (status, e.g. solved). */
  | { type: 'conversation'; position: number; conversation: VisitorConversation }
  /** An agent is writing a public reply (lapses after presenceTimings.typingMs). */
  | { type: 'typing'; conversationId: string; agent: { name: string }; typing: boolean }
  | { type: 'read'; conversationId: string; agentLastReadAt: string }
  | { type: 'error'; code: ErrorCode; message: string; field?: string }
  | { type: 'pong'; position: number };

/** How long ephemeral signals last without a refresh. */
export const presenceTimings = {
  /** A typing signal lapses this long after the last `typing: true`. */
  typingMs: 8_000,
  /** Re-send `viewing: true` every viewingRefreshMs; it lapses after viewingMs. */
  viewingMs: 70_000,
  viewingRefreshMs: 30_000,
} as const;

export const AgentTypingFrame = z.strictObject({
  type: z.literal('typing'),
  conversationId: Id,
  typing: z.boolean(),
  /** `internal` while writing a note: other agents see it, the visitor never does. */
  visibility: z.enum(['public', 'internal']).default('public'),
});
export const AgentViewingFrame = z.strictObject({
  type: z.literal('viewing'),
  conversationId: Id,
  viewing: z.boolean(),
});

export interface PresenceAgent {
  userId: string;
  name: string;
  viewing: boolean;
  /** What the agent is writing right now, if anything. */
  typing: 'public' | 'internal' | null;
}
/** The whole presence of one conversation; replace what you had. Includes the receiver. */
export interface AgentPresenceFrame {
  type: 'presence';
  conversationId: string;
  agents: PresenceAgent[];
  visitorTyping: boolean;
}
/** The visitor has read the conversation up to `visitorLastReadAt`. */
export interface AgentReadFrame {
  type: 'read';
  conversationId: string;
  visitorLastReadAt: string;
}

export const AgentAvailability = z.enum(['online', 'away']);
export type AgentAvailability = z.infer<typeof AgentAvailability>;
export const SetAvailabilityBody = z.strictObject({ availability: AgentAvailability });
export const MyAvailability = z.object({
  availability: AgentAvailability,
  /** Online and connected in the last two minutes: what visitors are told. */
  online: z.boolean(),
  lastSeenAt: Timestamp.nullable(),
});
