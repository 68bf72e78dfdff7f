import { CliCommand } from '../cli/command';
import { optionalFlag, requireFlag, UsageError } from '../cli/args';
import { IpRuleType } from './entities/ip-rule.entity';
import { InvalidIpRangeError, IpRulesService, parseRuleExpiry } from './ip-rules.service';
import { presentIpRule } from './security.presenter';

/** Runs an IpRulesService call, turning a bad address into a usage error (exit 2). */
async function withIp<T>(ip: string, what: string, call: (ip: string) => Promise<T>): Promise<T> {
  try {
    return await call(ip);
  } catch (e) {
    if (e instanceof InvalidIpRangeError) throw new UsageError(`--ip "${ip}" must be ${what}`);
    throw e;
  }
}

const ADDRESS = 'an IPv4 or IPv6 address';

function expiryFlag(value: string | undefined): Date | null {
  if (value === undefined) return null;
  const date = parseRuleExpiry(value);
  if (!date) throw new UsageError('--expires-at must be an ISO 8601 date in the future');
  return date;
}

function addRule(type: IpRuleType): CliCommand {
  return {
    name: `ip:${type}`,
    usage: `ip:${type} --ip 203.0.113.7 [--note "why"] [--expires-at 2030-01-01T00:00:00Z] [--json]   (an IP or CIDR range${type === 'allow' ? '; never throttled or blocked' : '; refused on every endpoint'})`,
    flags: { ip: 'value', note: 'value', 'expires-at': 'value' },
    async run(app, args) {
      const ip = requireFlag(args, 'ip');
      const note = optionalFlag(args, 'note');
      const expiresAt = expiryFlag(optionalFlag(args, 'expires-at'));
      const rule = await withIp(ip, `${ADDRESS} or CIDR range`, (value) => app.get(IpRulesService).create({ type, ip: value, note, expiresAt }));
      return presentIpRule(rule);
    },
  };
}

/**
 * The operator's IP commands (the same service as /api/admin/ip-rules). With REDIS_URL set,
 * running servers apply a change at once; without it, within IP_RULES_REFRESH_SECONDS.
 */
export const IP_COMMANDS: CliCommand[] = [
  {
    name: 'ip:list',
    usage: 'ip:list [--ip 203.0.113.7] [--type allow|deny] [--json]   (rules and automatic blocks, with their clear IP)',
    flags: { ip: 'value', type: 'value' },
    async run(app, args) {
      const type = optionalFlag(args, 'type');
      if (type !== undefined && type !== 'allow' && type !== 'deny') throw new UsageError('--type must be allow or deny');
      const ip = optionalFlag(args, 'ip');
      const list = (value?: string) => app.get(IpRulesService).list({ type, ip: value });
      const rules = ip === undefined ? await list() : await withIp(ip, ADDRESS, list);
      return rules.map(presentIpRule);
    },
  },
  {
    name: 'ip:unblock',
    usage: 'ip:unblock --ip 203.0.113.7 [--json]   (lifts the automatic block of an address)',
    flags: { ip: 'value' },
    async run(app, args) {
      const ip = requireFlag(args, 'ip');
      const removed = await withIp(ip, ADDRESS, (value) => app.get(IpRulesService).unblock(value));
      return { ip, removed };
    },
  },
  addRule('allow'),
  addRule('deny'),
];
