import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { int } from './columns';

/** A tenant's own rate limits by tier (operator-set; null = the per-IP limit). README "Security". */
export class TenantRateLimits1763800009000 implements MigrationInterface {
  name = 'TenantRateLimits1763800009000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('tenants', [
      new TableColumn(int('rate_limit_auth', { isNullable: true })),
      new TableColumn(int('rate_limit_management', { isNullable: true })),
      new TableColumn(int('rate_limit_info', { isNullable: true })),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const column of ['rate_limit_info', 'rate_limit_management', 'rate_limit_auth']) await q.dropColumn('tenants', column);
  }
}
