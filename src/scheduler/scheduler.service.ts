import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app.config';
import { LicensesService } from '../licenses/licenses.service';
import { NotificationsService } from '../notifications/notifications.service';
import { IpRulesService } from '../security/ip-rules.service';
import { CorruptSettingsError, TenantSettings } from '../tenants/tenant-settings';
import { TenantsService } from '../tenants/tenants.service';
import { JobLockService } from './job-lock.service';

export const JOBS = ['autoexpiry-license', 'remind-expiring-license', 'check-abusive-ips', 'clean-blocked-ips'] as const;
export type JobName = (typeof JOBS)[number];

/** A job run: `ran` false when another run (on any instance) held the job's lock, then `count` is 0. */
export interface JobResult {
  ran: boolean;
  count: number;
}

/**
 * The scheduled jobs (DECISIONS A4). Each runs behind its cluster-wide lock and is idempotent on
 * its own (conditional updates, a unique reminder row), so HTTP calls and the in-process timers
 * of several instances may overlap safely. A call that finds the lock taken returns at once with
 * 0. Timers (SCHEDULER_ENABLED) start after bootstrap, first fire one interval later, are unref'd,
 * and are stopped, with the running job awaited, on shutdown.
 */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('Scheduler');
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly config: AppConfig,
    private readonly locks: JobLockService,
    private readonly tenants: TenantsService,
    private readonly licenses: LicensesService,
    private readonly notifications: NotificationsService,
    private readonly ipRules: IpRulesService,
  ) {}

  run(job: JobName): Promise<JobResult> {
    const work = this.locked(job, () => this.work(job));
    this.running.add(work);
    void work.catch(() => undefined).finally(() => this.running.delete(work));
    return work;
  }

  /** Sets due trial/subscription licenses of every tenant to expired; the number expired. */
  async autoexpire(now = new Date()): Promise<number> {
    let total = 0;
    for (const tenant of await this.tenants.list()) total += await this.licenses.expireDue(tenant.id, now);
    return total;
  }

  /**
   * For every active tenant with `sendExpiryReminders`, reminds the owners of licenses expiring
   * within `expirationReminderHours` (once per license and expiry date); the number reminded.
   */
  async remindExpiring(now = new Date()): Promise<number> {
    let total = 0;
    for (const tenant of await this.tenants.list()) {
      if (tenant.status !== 'active') continue;
      let settings: TenantSettings;
      try {
        settings = await this.tenants.getSettings(tenant.id);
      } catch (e) {
        // a tenant whose settings are damaged gets no reminders (not the defaults'); the others still do
        if (!(e instanceof CorruptSettingsError)) throw e;
        this.logger.error(`${e.message}; no expiry reminders for this tenant until then`);
        continue;
      }
      if (!settings.sendExpiryReminders) continue;
      const until = new Date(now.getTime() + settings.expirationReminderHours * 3_600_000);
      for (const license of await this.licenses.findExpiring(tenant.id, now, until)) {
        if (!license.email || !license.dateExpiry) continue;
        const handled = await this.notifications.sendExpiryReminder(tenant.id, {
          licenseKey: license.licenseKey,
          email: license.email,
          firstName: license.firstName,
          productRef: license.productRef,
          dateExpiry: license.dateExpiry,
        });
        if (handled) total++;
      }
    }
    return total;
  }

  onApplicationBootstrap(): void {
    const s = this.config.notifications.scheduler;
    if (!s.enabled) return;
    this.every(s.autoexpiryIntervalSeconds, 'autoexpiry-license');
    this.every(s.reminderIntervalSeconds, 'remind-expiring-license');
    this.every(s.cleanBlockedIpsIntervalSeconds, 'clean-blocked-ips');
    this.logger.log(
      `Scheduler on: auto-expiry every ${s.autoexpiryIntervalSeconds}s, reminders every ${s.reminderIntervalSeconds}s, ` +
        `blocked-IP cleanup every ${s.cleanBlockedIpsIntervalSeconds}s`,
    );
  }

  onModuleDestroy(): void {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.onModuleDestroy();
    await Promise.allSettled([...this.running]);
  }

  private every(seconds: number, job: JobName): void {
    // a tick while the last one still runs (a slow or unreachable database) is skipped, so runs never pile up
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      void this.run(job)
        .then(
          (r) => r.count > 0 && this.logger.log({ job, count: r.count }, 'Scheduled job done'),
          (err: Error) => this.logger.error({ err: { message: err.message }, job }, 'Scheduled job failed'),
        )
        .finally(() => (busy = false));
    }, seconds * 1000);
    timer.unref();
    this.timers.push(timer);
  }

  private async locked(job: JobName, work: () => Promise<number>): Promise<JobResult> {
    const token = await this.locks.acquire(job);
    if (!token) return { ran: false, count: 0 };
    try {
      return { ran: true, count: await work() };
    } finally {
      await this.locks.release(job, token);
    }
  }

  private work(job: JobName): Promise<number> {
    switch (job) {
      case 'autoexpiry-license':
        return this.autoexpire();
      case 'remind-expiring-license':
        return this.remindExpiring();
      case 'check-abusive-ips':
        // blocking is event-driven (security module): nothing is left to do on a schedule
        return Promise.resolve(0);
      case 'clean-blocked-ips':
        return this.ipRules.cleanExpired();
    }
  }
}
