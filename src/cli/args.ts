export interface ParsedArgs {
  command?: string;
  flags: Record<string, string | true>;
}

/** `cmd --name value --flag` → { command, flags }. */
export function parseArgs(argv: string[]): ParsedArgs {
  const [command, ...rest] = argv;
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i];
    if (!token.startsWith('--')) throw new UsageError(`Unexpected argument "${token}"`);
    const eq = token.indexOf('=');
    if (eq !== -1) {
      flags[token.slice(2, eq)] = token.slice(eq + 1);
    } else if (rest[i + 1] !== undefined && !rest[i + 1].startsWith('--')) {
      flags[token.slice(2)] = rest[++i];
    } else {
      flags[token.slice(2)] = true;
    }
  }
  return { command, flags };
}

export class UsageError extends Error {}

export function requireFlag(args: ParsedArgs, name: string): string {
  const v = args.flags[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

export function optionalFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
}
