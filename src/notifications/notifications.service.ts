import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { withTransaction } from '../database/transaction';
import { isUniqueViolation } from '../database/db-errors';
import { LicenseNotification } from './entities/license-notification.entity';
import { MailService } from './mail.service';
import { expiryReminderMail, ReminderSubject } from './reminder-mail';

/**
 * Notification e-mails per license: sending expiry reminders once per license and expiry date,
 * and the tenant's list of them (the MERAF subscribers). Every query is scoped by tenant.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly mail: MailService,
  ) {}

  /** The tenant's notification rows, oldest first. */
  async list(tenantId: number, take: number, skip: number): Promise<LicenseNotification[]> {
    return this.ds.getRepository(LicenseNotification).find({ where: { tenantId }, order: { id: 'ASC' }, take, skip });
  }

  /** Removes a license's rows (license deleted with option `all`). */
  async deleteForLicense(tenantId: number, licenseKey: string): Promise<number> {
    const result = await withTransaction(this.ds, (m) => m.getRepository(LicenseNotification).delete({ tenantId, licenseKey }));
    return result.affected ?? 0;
  }

  /**
   * Sends the expiry reminder of a license unless one exists for this expiry date. The row is
   * inserted first: the unique index (tenant, key, kind, expiry) lets exactly one caller, on any
   * instance, claim it. Returns whether this call handled the license (false: already reminded).
   * A failed send is recorded as `failed` and not retried for the same expiry.
   */
  async sendExpiryReminder(tenantId: number, subject: ReminderSubject): Promise<boolean> {
    const repo = this.ds.getRepository(LicenseNotification);
    const row = Object.assign(new LicenseNotification(), {
      tenantId,
      licenseKey: subject.licenseKey,
      sentTo: subject.email,
      status: 'recorded',
      sent: 'no',
      kind: 'expiry_reminder',
      licenseExpiry: subject.dateExpiry,
      error: null,
      dateSent: new Date(),
    } satisfies Partial<LicenseNotification>);
    try {
      await withTransaction(this.ds, async (m) => {
        const result = await m.getRepository(LicenseNotification).insert(row);
        row.id = Number(result.identifiers[0]?.id);
      });
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
    const outcome = await this.mail.send(expiryReminderMail(subject));
    const done: Partial<LicenseNotification> = {
      status: outcome.status,
      sent: outcome.status === 'success' ? 'yes' : 'no',
      error: outcome.status === 'failed' ? outcome.error : null,
      dateSent: new Date(),
    };
    await withTransaction(this.ds, (m) => m.getRepository(LicenseNotification).update({ id: row.id, tenantId }, done));
    return true;
  }
}
