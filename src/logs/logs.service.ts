import { Injectable } from '@nestjs/common';

export interface ActivityLogInput {
  tenantId: number;
  licenseKey: string;
  /** e.g. license_created, license_updated, license_deleted, domain_registered, validation_attempt */
  actionType: string;
  details: string;
  ip?: string;
  userAgent?: string;
  isValid: boolean;
}

export interface ValidationLogInput {
  /** null when the key matched no license of any tenant the caller could reach */
  tenantId: number | null;
  licenseKey: string;
  outcome: 'success' | 'error';
  /** 'validate' (POST/GET /api/license/validate) or 'routine' (GET /validate) */
  source: 'validate' | 'routine';
  productRef?: string;
  /** domain or device checked by the routine validation */
  target?: string;
  details: string;
  ip?: string;
  userAgent?: string;
}

/**
 * Activity and validation logs. Writes are buffered and inserted in batches; a graceful stop
 * flushes them. (Interface fixed here; the logs work fills it in.)
 */
@Injectable()
export class LogsService {
  activity(_entry: ActivityLogInput): void {}
  validation(_entry: ValidationLogInput): void {}
  async flush(): Promise<void> {}
  /** Newest activity entries of a tenant, for the dashboard. */
  async recentActivities(_tenantId: number, _limit: number): Promise<Array<{ license_key: string; action: string; timestamp: string }>> {
    return [];
  }
  /** Removes a license's activity and validation logs (delete option `all`). Returns rows removed. */
  async deleteForLicense(_tenantId: number, _licenseKey: string): Promise<number> {
    return 0;
  }
}
