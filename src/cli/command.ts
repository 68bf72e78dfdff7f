import { INestApplicationContext } from '@nestjs/common';
import { ParsedArgs } from './args';

/** One operator command. `run` returns the JSON-able result printed on stdout. */
export interface CliCommand {
  name: string;
  usage: string;
  /** false for commands that need no database (none yet). */
  run(app: INestApplicationContext, args: ParsedArgs): Promise<unknown>;
}
