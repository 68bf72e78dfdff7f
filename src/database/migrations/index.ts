import { InitTenants1763800000000 } from './1763800000000-init-tenants';

/** Every migration, in order. The same list runs on SQLite and MySQL/MariaDB. */
export const MIGRATIONS = [InitTenants1763800000000];
