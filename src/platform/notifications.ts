// One PostgreSQL LISTEN per channel and process, fanned out to every subscriber in the process (the live inboxes'
// streams): N open browser windows cost one database connection, not N. Started by the first subscriber; a lost
// connection is reported to every subscriber (who may have missed notifications and must start over) and the next
// subscriber listens again.
import type { Logger } from 'pino';
import type { Database, Listener } from './db/database.js';

export interface ChannelSubscriber {
  /** A notification's payload, as sent by pg_notify. */
  message(payload: string): void;
  /** The listening connection was lost: notifications may have been missed. The subscription has ended. */
  lost(): void;
}

export interface ChannelHubOptions {
  database: Database;
  channel: string;
  logger: Pick<Logger, 'warn'>;
  /** How often the listening connection is checked (server only): a connection that died silently is found. */
  pingMs?: number;
}

export class ChannelHub {
  private readonly subscribers = new Set<ChannelSubscriber>();
  private listening: Promise<Listener> | null = null;
  private ping: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: ChannelHubOptions) {}

  /**
   * Adds a subscriber once the process listens: a notification committed after this resolves reaches it. Rejects
   * when the channel cannot be listened to (the database is unreachable) or the hub is closed.
   */
  async subscribe(subscriber: ChannelSubscriber): Promise<() => void> {
    if (this.closed) throw new Error('the notification hub is closed');
    const listening = (this.listening ??= this.start());
    await listening;
    // close() may have run meanwhile.
    if (this.isClosed()) throw new Error('the notification hub is closed');
    this.subscribers.add(subscriber);
    return () => {
      this.subscribers.delete(subscriber);
    };
  }

  private isClosed(): boolean {
    return this.closed;
  }

  /** How many subscribers are attached now. */
  get size(): number {
    return this.subscribers.size;
  }

  /** Stops listening; subscribers are dropped without being told (the caller ends them first). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.ping);
    this.subscribers.clear();
    const listening = this.listening;
    this.listening = null;
    if (listening) await listening.then((l) => l.close()).catch(() => undefined);
  }

  private start(): Promise<Listener> {
    const { database, channel, logger } = this.options;
    const started = database.listen(
      channel,
      (payload) => {
        for (const subscriber of this.subscribers) subscriber.message(payload);
      },
      (error) => {
        this.lose(started, error);
      },
    );
    started.then(
      () => {
        clearInterval(this.ping);
        this.ping = setInterval(() => {
          started
            .then((l) => l.ping())
            .catch((error: unknown) => {
              this.lose(started, error);
            });
        }, this.options.pingMs ?? 30_000);
        this.ping.unref();
      },
      (error: unknown) => {
        logger.warn({ err: error, channel }, 'cannot listen to database notifications');
        if (this.listening === started) this.listening = null;
      },
    );
    return started;
  }

  /** The connection behind `listening` is gone: every subscriber is told and dropped, the next one listens anew. */
  private lose(listening: Promise<Listener>, error: unknown): void {
    if (this.listening !== listening) return;
    this.options.logger.warn({ err: error, channel: this.options.channel }, 'database notifications lost');
    this.listening = null;
    clearInterval(this.ping);
    listening.then((l) => l.close()).catch(() => undefined);
    const told = [...this.subscribers];
    this.subscribers.clear();
    for (const subscriber of told) subscriber.lost();
  }
}
