import type { VisitorSession } from '@kefu/contracts';
import { WidgetApiError, type SessionRequest, type WidgetApi } from '../api/client.ts';
import type { VisitorStorage } from './visitor-storage.ts';

export interface SessionDeps {
  widgetKey: string;
  api: WidgetApi;
  storage: VisitorStorage;
  locale: () => SessionRequest['locale'];
  /** A session exists: load what belongs to it before anything else uses it. */
  onStarted: (session: VisitorSession) => Promise<void>;
  /** The session could not start (refused identity, throttled, offline). */
  onFailed: (error: unknown) => void;
  /** The visitor changed or was forgotten: drop everything shown for the previous one. */
  onCleared: () => void;
}

/**
 * Who the visitor is: anonymous, resumed from the token this browser kept, or identified by
 * the page's signed identity token. A refused identity never falls back to an anonymous
 * visitor, and an identified visitor's token is not reused once the page stops vouching for
 * them (a shared computer after the customer signed out of the site).
 */
export class VisitorSessionManager {
  token: string | null = null;
  private identityToken: string | null = null;
  pageUrl: string | undefined;
  private session: Promise<void> | null = null;

  constructor(private readonly deps: SessionDeps) {}

  /** What the page said; returns true when there is a visitor to resume right away. */
  configure(input: { identityToken: string | null; pageUrl?: string }): boolean {
    this.identityToken = input.identityToken;
    this.pageUrl = input.pageUrl;
    const stored = this.deps.storage.read();
    if (!this.identityToken && stored?.identified) this.deps.storage.clear();
    return !!this.identityToken || (!!stored && !stored.identified);
  }

  ensure(): Promise<void> {
    this.session ??= this.start().catch((error: unknown) => {
      this.session = null;
      throw error;
    });
    return this.session;
  }

  private async start() {
    const stored = this.deps.storage.read();
    const body: SessionRequest = { key: this.deps.widgetKey };
    const locale = this.deps.locale();
    if (locale) body.locale = locale;
    if (this.pageUrl) body.pageUrl = this.pageUrl;
    if (this.identityToken) body.identityToken = this.identityToken;
    else if (stored && !stored.identified) body.visitorToken = stored.token;
    let session: VisitorSession;
    try {
      session = await this.deps.api.createSession(body);
    } catch (error) {
      this.deps.onFailed(error);
      throw error;
    }
    this.token = session.visitorToken;
    this.deps.storage.write({
      token: session.visitorToken,
      identified: session.profile.identified,
    });
    await this.deps.onStarted(session);
  }

  /** Forgets the visitor on this browser (sign-out, or a token the server no longer knows). */
  forget() {
    this.session = null;
    this.token = null;
    this.deps.storage.clear();
    this.deps.onCleared();
  }

  /** Starts over: as the given identity, or anonymously (a fresh visitor). */
  async renew(identityToken: string | null = this.identityToken) {
    this.identityToken = identityToken;
    this.forget();
    await this.ensure().catch(() => {});
  }

  /** Runs an API call with a session, renewing it once if the token has expired. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    await this.ensure();
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof WidgetApiError) || error.code !== 'unauthenticated') throw error;
      await this.renew();
      return call();
    }
  }
}
