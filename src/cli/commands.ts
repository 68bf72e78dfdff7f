import { TENANT_COMMANDS } from '../tenants/tenant.commands';
import { FLUENT_COMMANDS } from '../fluent-bridge/fluent.commands';
import { CliCommand } from './command';

/**
 * Every operator command. A module adds its commands here; each declares its flags (`flags`),
 * and the parser refuses any other.
 */
export const COMMANDS: CliCommand[] = [
  ...TENANT_COMMANDS,
  ...FLUENT_COMMANDS,
  {
    name: 'migration:run',
    usage: 'migration:run [--json]   (pending migrations are applied before every command)',
    flags: {},
    async run() {
      return { migrations: 'up to date' };
    },
  },
];
