import { TENANT_COMMANDS } from '../tenants/tenant.commands';
import { FLUENT_COMMANDS } from '../fluent-bridge/fluent.commands';
import { IP_COMMANDS } from '../security/ip-rules.commands';
import { CliCommand } from './command';

/** Every operator command. A module adds its commands here. */
export const COMMANDS: CliCommand[] = [
  ...TENANT_COMMANDS,
  ...FLUENT_COMMANDS,
  ...IP_COMMANDS,
  {
    name: 'migration:run',
    usage: 'migration:run [--json]   (pending migrations are applied before every command)',
    async run() {
      return { migrations: 'up to date' };
    },
  },
];
