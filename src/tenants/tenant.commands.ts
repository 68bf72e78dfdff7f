import { INestApplicationContext } from '@nestjs/common';
import { validate } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { CliCommand } from '../cli/command';
import { optionalFlag, requireFlag, UsageError } from '../cli/args';
import { CreateTenantDto } from './dto/tenant.dto';
import { isRotationScope, kindsOfRotationScope, presentRotated, ROTATION_SCOPES } from './rotation-scopes';
import { presentTenant, TenantNotFoundError, TenantsService } from './tenants.service';

/** The tenant named on the command line; an unknown one fails the command (exit 1). */
export async function tenantNamed(app: INestApplicationContext, username: string) {
  const tenant = await app.get(TenantsService).findByUsername(username);
  if (!tenant) throw new TenantNotFoundError(`No tenant "${username}"`);
  return tenant;
}

export const TENANT_COMMANDS: CliCommand[] = [
  {
    name: 'tenant:create',
    usage: 'tenant:create --username acme --email ops@acme.test [--first-name A --last-name B] [--json]',
    flags: { username: 'value', email: 'value', 'first-name': 'value', 'last-name': 'value' },
    async run(app, args) {
      const dto = plainToInstance(CreateTenantDto, {
        username: requireFlag(args, 'username'),
        email: requireFlag(args, 'email'),
        first_name: optionalFlag(args, 'first-name'),
        last_name: optionalFlag(args, 'last-name'),
      });
      const errors = await validate(dto);
      if (errors.length) throw new UsageError(errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; '));
      const created = await app.get(TenantsService).create({
        username: dto.username,
        email: dto.email,
        firstName: dto.first_name,
        lastName: dto.last_name,
      });
      return { id: created.tenant.id, username: created.tenant.username, apiKey: created.apiKey, secretKeys: created.secretKeys };
    },
  },
  {
    name: 'tenant:list',
    usage: 'tenant:list [--json]',
    flags: {},
    async run(app) {
      return (await app.get(TenantsService).list()).map(presentTenant);
    },
  },
  {
    name: 'tenant:rotate-keys',
    usage: `tenant:rotate-keys --username acme [--scope ${ROTATION_SCOPES.join('|')}] [--json]`,
    flags: { username: 'value', scope: 'value' },
    async run(app, args) {
      const scope = optionalFlag(args, 'scope') ?? 'all';
      if (!isRotationScope(scope)) throw new UsageError(`Unknown scope "${scope}" (valid: ${ROTATION_SCOPES.join(', ')})`);
      const tenant = await tenantNamed(app, requireFlag(args, 'username'));
      const fresh = await app.get(TenantsService).rotate(tenant.id, kindsOfRotationScope(scope));
      return { id: tenant.id, username: tenant.username, ...presentRotated(fresh) };
    },
  },
  {
    name: 'tenant:suspend',
    usage: 'tenant:suspend --username acme [--json]',
    flags: { username: 'value' },
    async run(app, args) {
      const tenant = await tenantNamed(app, requireFlag(args, 'username'));
      return presentTenant(await app.get(TenantsService).setStatus(tenant.id, 'suspended'));
    },
  },
  {
    name: 'tenant:activate',
    usage: 'tenant:activate --username acme [--json]',
    flags: { username: 'value' },
    async run(app, args) {
      const tenant = await tenantNamed(app, requireFlag(args, 'username'));
      return presentTenant(await app.get(TenantsService).setStatus(tenant.id, 'active'));
    },
  },
];
