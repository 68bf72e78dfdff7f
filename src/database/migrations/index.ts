import { InitTenants1763800000000 } from './1763800000000-init-tenants';
import { CreateFluentBridge1763800005000 } from './1763800005000-create-fluent-bridge';
import { CreateLogs1763800002000 } from './1763800002000-create-logs';
import { CreateLicenses1763800001000 } from './1763800001000-create-licenses';
import { CreateProducts1763800003000 } from './1763800003000-create-products';
import { CreateIpRules1763800004000 } from './1763800004000-create-ip-rules';
import { CreateNotifications1763800006000 } from './1763800006000-create-notifications';
import { TenantRateLimits1763800009000 } from './1763800009000-tenant-rate-limits';
import { CanonicalProductRefs1763800013000 } from './1763800013000-canonical-product-refs';

/** Every migration, in order. The same list runs on SQLite and MySQL/MariaDB. */
export const MIGRATIONS = [InitTenants1763800000000, CreateFluentBridge1763800005000, CreateLogs1763800002000, CreateProducts1763800003000, CreateIpRules1763800004000, CreateLicenses1763800001000, CreateNotifications1763800006000, TenantRateLimits1763800009000, CanonicalProductRefs1763800013000];
