import { TenantCredential } from '../tenants/entities/tenant-credential.entity';
import { Tenant } from '../tenants/entities/tenant.entity';
import { FLUENT_BRIDGE_ENTITIES } from '../fluent-bridge/entities';
import { ActivityLog } from '../logs/entities/activity-log.entity';
import { ValidationLog } from '../logs/entities/validation-log.entity';
import { PRODUCT_ENTITIES } from '../products/entities';
import { License } from '../licenses/entities/license.entity';
import { LicenseActivation } from '../activations/entities/license-activation.entity';
import { IpRule } from '../security/entities/ip-rule.entity';
import { LicenseNotification } from '../notifications/entities/license-notification.entity';
import { JobLock } from '../scheduler/entities/job-lock.entity';

/** Every TypeORM entity of the app: one list, used by the app, the CLI and ormconfig.ts. */
export const ENTITIES = [Tenant, TenantCredential, ...FLUENT_BRIDGE_ENTITIES, ActivityLog, ValidationLog, ...PRODUCT_ENTITIES, IpRule, License, LicenseActivation, LicenseNotification, JobLock];
