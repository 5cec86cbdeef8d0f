// Text messages. Every message goes out through the job queue (`sms.send`), enqueued in the
// transaction that decides to send it; a provider only delivers. Real carriers plug in here.
import type { Logger } from 'pino';
import type { JobDefinition } from './jobs/queue.js';

export interface SmsProvider {
  readonly name: string;
  /** Delivers `text` to `to` (+84…); throws when the carrier refuses, so the job is retried. */
  send(to: string, text: string): Promise<void>;
}

export interface SentSms {
  to: string;
  text: string;
  at: Date;
}

/** Shows a phone number with all but the last three digits hidden, for logs and screens. */
export function maskPhone(e164: string): string {
  return `${e164.slice(0, 3)}${'•'.repeat(Math.max(0, e164.length - 6))}${e164.slice(-3)}`;
}

/**
 * Development: nothing leaves the machine. Each message is written to the log (number masked) and
 * kept in memory for the dev-only page `/dev/sms`.
 */
export class DevSmsProvider implements SmsProvider {
  readonly name = 'dev';
  private readonly sent: SentSms[] = [];

  constructor(
    private readonly logger: Logger,
    private readonly keep = 50,
  ) {}

  async send(to: string, text: string): Promise<void> {
    this.sent.unshift({ to, text, at: new Date() });
    this.sent.length = Math.min(this.sent.length, this.keep);
    this.logger.info({ to: maskPhone(to), text }, 'SMS (development provider, not sent)');
  }

  /** Newest first. */
  messages(): readonly SentSms[] {
    return this.sent;
  }
}

export const SMS_JOB = 'sms.send';

export interface SmsJobData {
  to: string;
  text: string;
}

export function smsJob(provider: SmsProvider): JobDefinition<SmsJobData> {
  return {
    name: SMS_JOB,
    retryLimit: 5,
    retryDelaySeconds: 20,
    handler: async ({ to, text }) => {
      await provider.send(to, text);
    },
  };
}
