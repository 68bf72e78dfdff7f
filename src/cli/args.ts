/**
 * How a command's flag is written: a `value` flag takes one argument (`--username acme` or
 * `--username=acme`), a `switch` stands alone (`--inactive`).
 */
export type FlagKind = 'value' | 'switch';

/** The flags a command takes, by name without the dashes (`{ username: 'value', active: 'switch' }`). */
export type FlagSpec = Readonly<Record<string, FlagKind>>;

/** Flags every command takes. */
export const COMMON_FLAGS: FlagSpec = { json: 'switch' };

export interface ParsedArgs {
  command: string;
  flags: Record<string, string | true>;
}

export class UsageError extends Error {}

/**
 * `--name value --switch` → flags, checked against what the command declares (plus
 * COMMON_FLAGS): an undeclared flag, a stray argument, a value flag without its value, a switch
 * with one, or a flag given twice is a usage error.
 */
export function parseArgs(command: { name: string; flags: FlagSpec }, argv: readonly string[]): ParsedArgs {
  const spec: FlagSpec = { ...COMMON_FLAGS, ...command.flags };
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (!token.startsWith('--') || token === '--') throw new UsageError(`Unexpected argument "${token}"`);
    const eq = token.indexOf('=');
    const name = token.slice(2, eq === -1 ? undefined : eq);
    const kind = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (!kind) throw new UsageError(`Unknown flag --${name}`);
    if (Object.hasOwn(flags, name)) throw new UsageError(`--${name} is given twice`);
    if (kind === 'switch') {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      flags[name] = true;
    } else if (eq !== -1) {
      flags[name] = token.slice(eq + 1);
    } else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) {
      flags[name] = argv[++i];
    } else {
      throw new UsageError(`--${name} needs a value`);
    }
  }
  return { command: command.name, flags };
}

export function requireFlag(args: ParsedArgs, name: string): string {
  const v = args.flags[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

export function optionalFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
}
