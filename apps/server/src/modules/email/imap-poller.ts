import { ImapFlow } from 'imapflow';
import type { ImapSettings, ImapState, MailChannelRow } from '../../db/schema-email.ts';
import type { UnitOfWork } from '../../db/unit-of-work.ts';
import type { Clock } from '../../lib/clock.ts';
import type { InboundMailService } from './inbound-mail.service.ts';

/** A mail larger than this is left on the server (and reported in lastError), never fetched. */
const defaultMaxMessageBytes = 50 * 1024 * 1024;
/** A batch also stops growing at this many bytes (as the server reported the sizes). */
const defaultMaxBatchBytes = 64 * 1024 * 1024;

export interface ImapPollResult {
  fetched: number;
  stored: number;
  duplicates: number;
  error: string | null;
}

export interface ImapPollerDeps {
  uow: UnitOfWork;
  clock: Clock;
  inbound: Pick<InboundMailService, 'receive'>;
  log?: { warn(o: object, m: string): void; info?(o: object, m: string): void };
  /** Builds the client for a channel's settings; tests wrap it. Default: a plain ImapFlow. */
  connect?: (settings: ImapSettings) => ImapFlow;
}

export interface ImapPollerOptions {
  /** Messages fetched (and received) before lastUid is advanced; default 100. */
  batchSize?: number;
  /** Default 50 MB. */
  maxMessageBytes?: number;
  /** Default 64 MB; a batch always holds at least one message. */
  maxBatchBytes?: number;
}

function defaultConnect(settings: ImapSettings): ImapFlow {
  return new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: { user: settings.user, pass: settings.password },
    logger: false,
    disableAutoIdle: true,
  });
}

/** Words for an admin: imapflow's own message is often just "Command failed". */
function describeError(error: unknown, stage: string): string {
  if (!(error instanceof Error)) return `${stage}: ${String(error)}`;
  const detail = error as Error & {
    code?: string;
    responseText?: string;
    authenticationFailed?: boolean;
  };
  if (detail.authenticationFailed)
    return `IMAP login failed (wrong user or password?): ${detail.responseText ?? detail.message}`;
  const parts = [detail.message];
  if (detail.responseText && detail.responseText !== detail.message)
    parts.push(detail.responseText);
  if (detail.code && !detail.message.includes(detail.code)) parts.push(`(${detail.code})`);
  return `${stage}: ${parts.join(': ')}`;
}

interface Listed {
  uid: number;
  size: number;
}

/**
 * Fetches mail for mail channels from their IMAP mailboxes, read-only. What was fetched is
 * tracked by UIDVALIDITY and the highest UID handed to the inbound service: every message with
 * a higher UID is fetched (all of them again when UIDVALIDITY changes, the inbound dedup making
 * the ones already stored a no-op), in UID order and in batches, and `lastUid` moves only past
 * messages whose `receive()` has returned, that is, whose row is committed.
 */
export class ImapPoller {
  private readonly batchSize: number;
  private readonly maxMessageBytes: number;
  private readonly maxBatchBytes: number;
  private readonly connect: (settings: ImapSettings) => ImapFlow;
  /** One poll per channel at a time in this process; a second call joins the running one. */
  private readonly running = new Map<string, Promise<ImapPollResult>>();

  constructor(
    private readonly deps: ImapPollerDeps,
    options: ImapPollerOptions = {},
  ) {
    this.batchSize = Math.max(1, Math.floor(options.batchSize ?? 100));
    this.maxMessageBytes = options.maxMessageBytes ?? defaultMaxMessageBytes;
    this.maxBatchBytes = options.maxBatchBytes ?? defaultMaxBatchBytes;
    this.connect = deps.connect ?? defaultConnect;
  }

  pollChannel(channelId: string): Promise<ImapPollResult> {
    const current = this.running.get(channelId);
    if (current) return current;
    const poll = this.poll(channelId).finally(() => this.running.delete(channelId));
    this.running.set(channelId, poll);
    return poll;
  }

  async pollAll(): Promise<void> {
    let channels: MailChannelRow[];
    try {
      channels = await this.deps.uow.read((repos) => repos.mailChannels.withImap());
    } catch (error) {
      this.deps.log?.warn({ err: error }, 'IMAP channels could not be listed');
      return;
    }
    for (const channel of channels) {
      try {
        await this.pollChannel(channel.id);
      } catch (error) {
        this.deps.log?.warn({ err: error, channelId: channel.id }, 'IMAP poll failed');
      }
    }
  }

  private async poll(channelId: string): Promise<ImapPollResult> {
    const result: ImapPollResult = { fetched: 0, stored: 0, duplicates: 0, error: null };
    const channel = await this.deps.uow.read((repos) => repos.mailChannels.findById(channelId));
    if (!channel?.imap) return { ...result, error: 'no IMAP settings for this channel' };
    if (!channel.enabled) return { ...result, error: 'the channel is disabled' };
    const settings = channel.imap;
    const previous = channel.imap_state ?? {};
    // What is committed so far; written after every batch and at the end.
    const state: ImapState = { ...previous };
    const warnings: string[] = [];

    let client: ImapFlow | null = null;
    let stage = 'IMAP connection failed';
    try {
      client = this.connect(settings);
      // An 'error' event without a listener would crash the process; the failing command
      // rejects as well, which is where it is handled.
      client.on('error', (error: unknown) =>
        this.deps.log?.warn({ err: error, channelId }, 'IMAP connection error'),
      );
      await client.connect();
      stage = `IMAP mailbox ${settings.mailbox} could not be opened`;
      const mailbox = await client.mailboxOpen(settings.mailbox, { readOnly: true });
      const uidValidity = String(mailbox.uidValidity);
      if (previous.uidValidity !== undefined && previous.uidValidity !== uidValidity) {
        this.deps.log?.info?.(
          { channelId, from: previous.uidValidity, to: uidValidity },
          'IMAP UIDVALIDITY changed: fetching the mailbox again',
        );
      }
      const sameMailbox = previous.uidValidity === uidValidity;
      const lastUid = sameMailbox ? (previous.lastUid ?? 0) : 0;
      state.uidValidity = uidValidity;
      state.lastUid = lastUid;

      stage = 'IMAP fetch failed';
      const pending = mailbox.exists > 0 ? await this.list(client, lastUid) : [];
      for (const batch of this.batches(pending)) {
        const handled = await this.fetchBatch(client, channel, batch, result, warnings);
        // Every listed UID up to the first one not handled is committed or was skipped.
        let advanced: number = state.lastUid ?? 0;
        for (const item of batch) {
          if (!handled.done.has(item.uid)) break;
          advanced = item.uid;
        }
        if (handled.failure === null) advanced = batch[batch.length - 1]!.uid;
        state.lastUid = advanced;
        await this.saveState(channelId, state, warnings, handled.failure);
        if (handled.failure !== null) {
          result.error = handled.failure;
          return result;
        }
      }
      result.error = await this.saveState(channelId, state, warnings, null);
      return result;
    } catch (error) {
      const message = describeError(error, stage);
      this.deps.log?.warn({ err: error, channelId }, message);
      result.error = message;
      await this.saveState(channelId, state, warnings, message);
      return result;
    } finally {
      if (client) await this.close(client);
    }
  }

  /** UIDs and sizes above lastUid, in UID order (`N:*` also answers the last message: filtered). */
  private async list(client: ImapFlow, lastUid: number): Promise<Listed[]> {
    const listed: Listed[] = [];
    for await (const message of client.fetch(
      `${lastUid + 1}:*`,
      { uid: true, size: true },
      { uid: true },
    )) {
      if (message.uid > lastUid) listed.push({ uid: message.uid, size: message.size ?? 0 });
    }
    return listed.sort((a, b) => a.uid - b.uid);
  }

  private *batches(listed: Listed[]): Generator<Listed[]> {
    let batch: Listed[] = [];
    let bytes = 0;
    for (const item of listed) {
      const size = item.size > this.maxMessageBytes ? 0 : item.size;
      if (
        batch.length >= this.batchSize ||
        (batch.length > 0 && bytes + size > this.maxBatchBytes)
      ) {
        yield batch;
        batch = [];
        bytes = 0;
      }
      batch.push(item);
      bytes += size;
    }
    if (batch.length) yield batch;
  }

  /**
   * Fetches one batch and hands each message to the inbound service as it arrives (the FETCH
   * waits for the consumer, so one message is in memory at a time). Stops at the first failed
   * receive; returns the UIDs handled (stored, duplicate or skipped for size).
   */
  private async fetchBatch(
    client: ImapFlow,
    channel: MailChannelRow,
    batch: Listed[],
    result: ImapPollResult,
    warnings: string[],
  ): Promise<{ done: Set<number>; failure: string | null }> {
    const done = new Set<number>();
    const wanted = new Set<number>();
    for (const item of batch) {
      if (item.size > this.maxMessageBytes) {
        this.skipOversize(channel.id, item.uid, item.size, warnings);
        done.add(item.uid);
      } else {
        wanted.add(item.uid);
      }
    }
    if (wanted.size === 0) return { done, failure: null };
    for await (const message of client.fetch(
      [...wanted],
      { uid: true, source: true },
      { uid: true },
    )) {
      if (!wanted.has(message.uid) || done.has(message.uid)) continue;
      const raw = message.source;
      if (!raw) {
        const warning = `IMAP message UID ${message.uid} skipped: the server sent no content`;
        warnings.push(warning);
        this.deps.log?.warn({ channelId: channel.id, uid: message.uid }, warning);
        done.add(message.uid);
        continue;
      }
      result.fetched += 1;
      if (raw.length > this.maxMessageBytes) {
        this.skipOversize(channel.id, message.uid, raw.length, warnings);
        done.add(message.uid);
        continue;
      }
      try {
        const received = await this.deps.inbound.receive({
          channelId: channel.id,
          workspaceId: channel.workspace_id,
          raw,
          source: 'imap',
        });
        if (received.duplicate) result.duplicates += 1;
        else result.stored += 1;
        done.add(message.uid);
      } catch (error) {
        const failure = describeError(error, `storing IMAP message UID ${message.uid} failed`);
        this.deps.log?.warn({ err: error, channelId: channel.id, uid: message.uid }, failure);
        return { done, failure };
      }
    }
    return { done, failure: null };
  }

  private skipOversize(channelId: string, uid: number, size: number, warnings: string[]) {
    const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
    const warning = `IMAP message UID ${uid} skipped: ${mb(size)} is over the ${mb(this.maxMessageBytes)} limit`;
    warnings.push(warning);
    this.deps.log?.warn({ channelId, uid, size }, warning);
  }

  private async saveState(
    channelId: string,
    state: ImapState,
    warnings: string[],
    failure: string | null,
  ): Promise<string | null> {
    // A mailbox full of huge mails must not make a huge lastError: the first few, and a count.
    const shown = warnings.slice(0, 5);
    if (warnings.length > shown.length)
      shown.push(`${warnings.length - shown.length} more skipped`);
    const lastError = [failure, ...shown].filter((s): s is string => s !== null).join('; ');
    const now = this.deps.clock.now();
    const next: ImapState = {
      ...state,
      lastPolledAt: now.toISOString(),
      lastError: lastError || null,
    };
    try {
      await this.deps.uow.transaction(({ repos }) =>
        repos.mailChannels.setImapState(channelId, next, now),
      );
    } catch (error) {
      // lastUid stays where it was: the next poll fetches again, and the dedup absorbs it.
      this.deps.log?.warn({ err: error, channelId }, 'IMAP poll state could not be saved');
    }
    return next.lastError ?? null;
  }

  /** Logs out politely; a connection that never opened or broke is just closed. */
  private async close(client: ImapFlow): Promise<void> {
    if (client.usable) {
      try {
        await client.logout();
        return;
      } catch {
        // fall through to close()
      }
    }
    try {
      client.close();
    } catch {
      // already closed
    }
  }
}

/**
 * Polls every `intervalMs`: the first round `intervalMs` after the start, each next one
 * `intervalMs` after the previous one ended, so rounds never overlap. The timer does not keep
 * the process alive. Returns stop(), which waits for a running round.
 */
export function startImapPolling(poller: ImapPoller, intervalMs: number): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let round: Promise<void> | null = null;

  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = null;
      round = poller
        .pollAll()
        .catch(() => {
          // pollAll logs its own failures; the next round tries again
        })
        .finally(() => {
          round = null;
          schedule(intervalMs);
        });
    }, delay);
    timer.unref();
  };
  schedule(intervalMs);

  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    timer = null;
    if (round) await round;
  };
}
