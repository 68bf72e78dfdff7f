import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { AppConfig } from '../config/app.config';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** What happened to one mail: sent, refused/unreachable (with the reason), or only recorded (no SMTP_URL). */
export type MailOutcome = { status: 'success' } | { status: 'failed'; error: string } | { status: 'recorded' };

/**
 * Outgoing e-mail over SMTP_URL (DECISIONS A6). Without SMTP_URL nothing is sent: callers record
 * the mail with status `recorded`, and the server says so once at start-up.
 */
@Injectable()
export class MailService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private readonly transport?: Transporter;

  constructor(private readonly config: AppConfig) {
    const { smtpUrl } = config.notifications;
    if (smtpUrl) {
      // bounded waits: a job must not hang on a dead SMTP server
      this.transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
    }
  }

  get enabled(): boolean {
    return this.transport !== undefined;
  }

  onModuleInit(): void {
    if (!this.transport) this.logger.warn('SMTP_URL is not set: e-mail (expiry reminders) is recorded but not sent');
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }

  async send(message: MailMessage): Promise<MailOutcome> {
    if (!this.transport) return { status: 'recorded' };
    try {
      await this.transport.sendMail({ from: this.config.notifications.mailFrom, ...message });
      return { status: 'success' };
    } catch (e) {
      const error = (e as Error).message?.slice(0, 1000) || 'unknown error';
      this.logger.warn({ err: { message: error } }, 'Sending an e-mail failed');
      return { status: 'failed', error };
    }
  }
}
