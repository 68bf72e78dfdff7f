import { INestApplicationContext } from '@nestjs/common';
import { FlagSpec, ParsedArgs } from './args';

/**
 * One operator command. `flags` declares every flag it takes besides `--json` (the parser
 * refuses any other with exit 2); `usage` shows them. `run` returns the JSON-able result printed
 * on stdout; it throws UsageError for a bad flag value (exit 2), anything else for a failure or
 * a missing record (exit 1).
 */
export interface CliCommand {
  name: string;
  usage: string;
  flags: FlagSpec;
  run(app: INestApplicationContext, args: ParsedArgs): Promise<unknown>;
}
