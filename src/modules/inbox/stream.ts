// Live inboxes: a Server-Sent Events stream per open officer window, fed by the `pakn_reports` notifications
// (migration 0016's trigger, sent at commit by whichever process wrote the report) through the process's one
// listening connection (platform/notifications.ts). Each stream hears only of reports that concern its officer:
// every report for receivers and provincial leaders, for an agency's officers those their agencies lead or
// coordinate (before or after the change). Events carry the report's id, state and what happened — no personal data.
import { PassThrough } from 'node:stream';
import type { Logger } from 'pino';
import type { Actor } from '../../platform/auth/policy.js';
import type { Database } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { ChannelHub } from '../../platform/notifications.js';
import { inboxScope, tabsOf } from './tabs.js';

export const REPORTS_CHANNEL = 'pakn_reports';

/** What a stream sends as `event: inbox`. */
export interface InboxEvent {
  reportId: string;
  status: string;
  kind: 'created' | 'changed';
}

export interface InboxStreamOptions {
  database: Database;
  logger: Pick<Logger, 'warn'>;
  /** A `: keepalive` comment this often (proxies close connections that say nothing). */
  keepaliveMs?: number;
  /** Streams one session may hold open in this process (one per window or tab of the workspace). */
  perSession?: number;
  /** Streams this process holds open at most. */
  maxStreams?: number;
  /**
   * A stream is ended after this long; the browser opens it again by itself (EventSource), signed in afresh: a
   * session revoked or a position ended meanwhile is not followed for ever.
   */
  maxAgeMs?: number;
  /** Milliseconds the browser waits before opening a dropped stream again (the `retry:` field). */
  retryMs?: number;
}

interface Stream {
  out: PassThrough;
  sessionId: string;
  provinceWide: boolean;
  agencies: ReadonlySet<string>;
  openedAt: number;
}

/** A stream whose reader has this much unread is dropped: its browser reconnects and reloads. */
const MAX_BUFFERED_BYTES = 256 * 1024;

function parse(payload: string): (InboxEvent & { agencyIds: string[] }) | null {
  try {
    const value = JSON.parse(payload) as Record<string, unknown>;
    const { reportId, status, kind, agencyIds } = value;
    if (
      typeof reportId !== 'string' ||
      typeof status !== 'string' ||
      (kind !== 'created' && kind !== 'changed') ||
      !Array.isArray(agencyIds) ||
      !agencyIds.every((a) => typeof a === 'string')
    )
      return null;
    return { reportId, status, kind, agencyIds };
  } catch {
    return null;
  }
}

export class InboxStreams {
  private readonly streams = new Set<Stream>();
  private readonly hub: ChannelHub;
  private subscription: Promise<unknown> | null = null;
  private tick: NodeJS.Timeout | undefined;
  private closing = false;
  private readonly keepaliveMs: number;
  private readonly perSession: number;
  private readonly maxStreams: number;
  private readonly maxAgeMs: number;
  private readonly retryMs: number;

  constructor(private readonly options: InboxStreamOptions) {
    this.hub = new ChannelHub({
      database: options.database,
      channel: REPORTS_CHANNEL,
      logger: options.logger,
    });
    this.keepaliveMs = options.keepaliveMs ?? 25_000;
    this.perSession = options.perSession ?? 4;
    this.maxStreams = options.maxStreams ?? 2000;
    this.maxAgeMs = options.maxAgeMs ?? 15 * 60_000;
    this.retryMs = options.retryMs ?? 3000;
  }

  /** Streams open now. */
  get size(): number {
    return this.streams.size;
  }

  /**
   * Opens a stream for the signed-in officer: the body of a `text/event-stream` response. It starts with the
   * reconnection delay and a `: connected` comment, sent once the process listens (a report committed after that
   * is heard).
   */
  async open(actor: Actor | null): Promise<PassThrough> {
    if (actor === null) throw new AppError('unauthenticated');
    if (actor.kind !== 'officer')
      throw new AppError('forbidden', { internal: 'inbox streams are for officers' });
    const scope = inboxScope(actor);
    if (tabsOf(scope).length === 0)
      throw new AppError('forbidden', { internal: 'no inbox for these positions' });
    this.admit(actor);
    try {
      await (this.subscription ??= this.subscribe());
    } catch (error) {
      throw new AppError('unavailable', { internal: 'cannot listen to report changes', cause: error });
    }
    // Again: others may have opened streams while this one waited for the listening connection.
    this.admit(actor);
    const stream: Stream = {
      out: new PassThrough(),
      sessionId: actor.sessionId,
      provinceWide: scope.receiver || scope.provincial,
      agencies: new Set(scope.handling),
      openedAt: Date.now(),
    };
    this.streams.add(stream);
    stream.out.on('close', () => {
      this.streams.delete(stream);
      if (this.streams.size === 0) {
        clearInterval(this.tick);
        this.tick = undefined;
      }
    });
    stream.out.write(`retry: ${this.retryMs}\n: connected\n\n`);
    if (this.tick === undefined) {
      this.tick = setInterval(() => {
        this.keepalive();
      }, this.keepaliveMs);
      this.tick.unref();
    }
    return stream.out;
  }

  /** Refuses a stream while stopping, past the session's limit or past the process's. */
  private admit(actor: Actor): void {
    if (this.closing) throw new AppError('unavailable', { internal: 'stopping' });
    let ofSession = 0;
    for (const stream of this.streams) if (stream.sessionId === actor.sessionId) ofSession += 1;
    if (ofSession >= this.perSession)
      throw new AppError('too_many_streams', { internal: `${ofSession} streams`, retryAfterSeconds: 30 });
    if (this.streams.size >= this.maxStreams)
      throw new AppError('unavailable', { internal: 'stream limit of the process', retryAfterSeconds: 30 });
  }

  /** Ends every stream (the server is stopping): their responses complete and their connections close. */
  endAll(): void {
    this.closing = true;
    for (const stream of this.streams) stream.out.end();
  }

  /** Ends the streams and stops listening. */
  async close(): Promise<void> {
    this.endAll();
    clearInterval(this.tick);
    await this.hub.close();
  }

  private async subscribe(): Promise<unknown> {
    try {
      return await this.hub.subscribe({
        message: (payload) => {
          this.dispatch(payload);
        },
        // Notifications may have been missed: every stream ends, and each browser opens it again and reloads.
        lost: () => {
          this.subscription = null;
          for (const stream of this.streams) stream.out.end();
        },
      });
    } catch (error) {
      this.subscription = null;
      throw error;
    }
  }

  private dispatch(payload: string): void {
    const event = parse(payload);
    if (event === null) {
      this.options.logger.warn('an inbox notification of an unknown shape was ignored');
      return;
    }
    const data: InboxEvent = { reportId: event.reportId, status: event.status, kind: event.kind };
    const text = `event: inbox\ndata: ${JSON.stringify(data)}\n\n`;
    for (const stream of this.streams)
      if (stream.provinceWide || event.agencyIds.some((id) => stream.agencies.has(id)))
        this.write(stream, text);
  }

  private keepalive(): void {
    const now = Date.now();
    for (const stream of this.streams) {
      if (now - stream.openedAt >= this.maxAgeMs) stream.out.end();
      else this.write(stream, ': keepalive\n\n');
    }
  }

  private write(stream: Stream, text: string): void {
    if (stream.out.writableEnded) return;
    if (stream.out.writableLength > MAX_BUFFERED_BYTES) {
      stream.out.end();
      return;
    }
    stream.out.write(text);
  }
}
