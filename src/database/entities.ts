import { TenantCredential } from '../tenants/entities/tenant-credential.entity';
import { Tenant } from '../tenants/entities/tenant.entity';

/** Every TypeORM entity of the app: one list, used by the app, the CLI and ormconfig.ts. */
export const ENTITIES = [Tenant, TenantCredential];
