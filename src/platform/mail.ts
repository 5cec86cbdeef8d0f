// E-mail. Like SMS, every message goes through the job queue (`mail.send`), enqueued in the
// transaction that decides to send it; a provider only delivers: SMTP, or in development a list
// shown at /dev/mail.
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { JobDefinition } from './jobs/queue.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface MailProvider {
  readonly name: string;
  send(mail: Mail): Promise<void>;
}

/** Hides most of an address for logs and screens: `ng•••@gmail.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${email.slice(0, Math.min(2, at))}•••${email.slice(at)}`;
}

export class SmtpMailProvider implements MailProvider {
  readonly name = 'smtp';
  private transport: Promise<Transporter> | undefined;

  constructor(
    private readonly url: string,
    private readonly from: string,
  ) {}

  async send(mail: Mail): Promise<void> {
    // nodemailer loads on the first message, not at start.
    this.transport ??= import('nodemailer').then((m) => m.default.createTransport(this.url));
    await (
      await this.transport
    ).sendMail({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text });
  }
}

export class DevMailProvider implements MailProvider {
  readonly name = 'dev';
  private readonly sent: (Mail & { at: Date })[] = [];

  constructor(
    private readonly logger: Logger,
    private readonly keep = 50,
  ) {}

  async send(mail: Mail): Promise<void> {
    this.sent.unshift({ ...mail, at: new Date() });
    this.sent.length = Math.min(this.sent.length, this.keep);
    this.logger.info(
      { to: maskEmail(mail.to), subject: mail.subject },
      'e-mail (development provider, not sent)',
    );
  }

  messages(): readonly (Mail & { at: Date })[] {
    return this.sent;
  }
}

export const MAIL_JOB = 'mail.send';

export function mailJob(provider: MailProvider): JobDefinition<Mail> {
  return {
    name: MAIL_JOB,
    retryLimit: 8,
    retryDelaySeconds: 30,
    handler: async (mail) => {
      await provider.send(mail);
    },
  };
}
