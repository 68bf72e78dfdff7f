import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { LicenseEvents } from '../common/events';
import type { LicenseEventPayload } from '../common/events';
import { NotificationsService } from './notifications.service';

/** Deleting a license with option `all` removes its subscriber rows too (DECISIONS A4). */
@Injectable()
export class LicenseDeletedListener {
  private readonly logger = new Logger('Notifications');
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly notifications: NotificationsService) {}

  @OnEvent(LicenseEvents.Deleted)
  onLicenseDeleted(payload: LicenseEventPayload): Promise<void> {
    if (payload.data.option !== 'all') return Promise.resolve();
    const work = this.notifications
      .deleteForLicense(payload.tenantId, payload.data.license_key)
      .then(() => undefined)
      .catch((err: Error) => this.logger.error({ err: { message: err.message } }, 'Could not delete the subscriber rows of a deleted license'));
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
    return work;
  }

  /** Resolves when every deletion received so far is done (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }
}
