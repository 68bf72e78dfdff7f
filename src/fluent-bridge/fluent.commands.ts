import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { optionalFlag, ParsedArgs, requireFlag, UsageError } from '../cli/args';
import { CliCommand } from '../cli/command';
import { tenantNamed } from '../tenants/tenant.commands';
import { CreateFluentLeadDto, CreateFluentProductDto } from './dto/management.dto';
import { FluentLeadsService, LeadTokenTakenError } from './fluent-leads.service';
import { presentLead, presentProduct } from './fluent-presenters';
import { FluentProductsService, ProductNotFoundError } from './fluent-products.service';

async function tenantId(app: Parameters<CliCommand['run']>[0], username: string): Promise<number> {
  return (await tenantNamed(app, username)).id;
}

async function validated<T extends object>(dto: new () => T, plain: Record<string, unknown>): Promise<T> {
  const instance = plainToInstance(dto, plain);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw new UsageError(errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; '));
  return instance;
}

function activeFlag(args: ParsedArgs): boolean | undefined {
  if (args.flags.active && args.flags.inactive) throw new UsageError('--active and --inactive exclude each other');
  if (args.flags.inactive) return false;
  return args.flags.active ? true : undefined;
}

/** Operator commands of the Fluent bridge (registered in src/cli/commands.ts). */
export const FLUENT_COMMANDS: CliCommand[] = [
  {
    name: 'fluent:product:set',
    usage: 'fluent:product:set --tenant acme --slug appza [--api-url URL] [--item-id 1771] [--name Appza] [--active|--inactive] [--json]',
    flags: { tenant: 'value', slug: 'value', 'api-url': 'value', 'item-id': 'value', name: 'value', active: 'switch', inactive: 'switch' },
    async run(app, args) {
      const id = await tenantId(app, requireFlag(args, 'tenant'));
      const apiUrl = optionalFlag(args, 'api-url');
      const itemId = optionalFlag(args, 'item-id');
      const dto = await validated(CreateFluentProductDto, {
        slug: requireFlag(args, 'slug'),
        ...(optionalFlag(args, 'name') !== undefined ? { name: optionalFlag(args, 'name') } : {}),
        ...(apiUrl !== undefined ? { api_url: apiUrl } : {}),
        ...(itemId !== undefined ? { item_id: itemId } : {}),
        ...(activeFlag(args) !== undefined ? { is_active: activeFlag(args) } : {}),
      });
      const { product, created } = await app.get(FluentProductsService).upsert(id, {
        slug: dto.slug,
        name: dto.name,
        apiUrl: dto.api_url,
        itemId: dto.item_id,
        isActive: dto.is_active,
      });
      return { created, ...presentProduct(product) };
    },
  },
  {
    name: 'fluent:lead:create',
    usage: 'fluent:lead:create --tenant acme --product appza --domain example.com --email a@b.test [--name N] [--token T] [--json]',
    flags: { tenant: 'value', product: 'value', domain: 'value', email: 'value', name: 'value', token: 'value' },
    async run(app, args) {
      const id = await tenantId(app, requireFlag(args, 'tenant'));
      const dto = await validated(CreateFluentLeadDto, {
        product: requireFlag(args, 'product'),
        domain: requireFlag(args, 'domain'),
        email: requireFlag(args, 'email'),
        ...(optionalFlag(args, 'name') !== undefined ? { name: optionalFlag(args, 'name') } : {}),
        ...(optionalFlag(args, 'token') !== undefined ? { token: optionalFlag(args, 'token') } : {}),
      });
      try {
        const created = await app
          .get(FluentLeadsService)
          .create(id, { productSlug: dto.product, domain: dto.domain, email: dto.email, name: dto.name, token: dto.token });
        return { token: created.token, ...presentLead(created.lead, created.productSlug) };
      } catch (e) {
        if (e instanceof ProductNotFoundError) throw new ProductNotFoundError(`No product "${dto.product}" (create it with fluent:product:set)`);
        if (e instanceof LeadTokenTakenError) throw new LeadTokenTakenError('--token is already in use');
        throw e;
      }
    },
  },
];
