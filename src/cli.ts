import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from './config/app.config';
import { ConfigError } from './config/env';
import { parseArgs, UsageError } from './cli/args';
import { CliModule } from './cli/cli.module';
import { COMMANDS } from './cli/commands';
import { createPinoLogger, PinoNestLogger } from './common/logging/logger';

/**
 * Operator commands: `npm run cli -- <command> [--flags] [--json]`. With --json, stdout carries
 * exactly one JSON document; every log line goes to stderr. Exit codes (README "Operator CLI"):
 * 0 done, 1 the operation failed or what it names does not exist, 2 usage error (one line).
 */
async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    const unknown = name ? `Unknown command "${name}"\n` : '';
    process.stderr.write(`${unknown}Usage: npm run cli -- <command>\n\nCommands:\n${COMMANDS.map((c) => `  ${c.usage}`).join('\n')}\n`);
    return name ? 2 : 0;
  }
  // a usage error is one line on stderr: what is wrong, then how the command is called
  const usageError = (e: UsageError) => {
    process.stderr.write(`${e.message}. Usage: npm run cli -- ${command.usage}\n`);
    return 2;
  };
  let args;
  try {
    args = parseArgs(command, rest);
  } catch (e) {
    if (e instanceof UsageError) return usageError(e);
    throw e;
  }
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const pino = createPinoLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 'stderr');
  if (config.masterKeyGeneratedAt) {
    pino.warn({ file: config.masterKeyGeneratedAt }, 'MASTER_KEY not set: generated one into the data folder. Back it up; set MASTER_KEY in production.');
  }
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), { logger: new PinoNestLogger(pino) });
  try {
    const result = await command.run(app, args);
    process.stdout.write(args.flags.json ? `${JSON.stringify(result)}\n` : `${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) return usageError(e);
    process.stderr.write(`${command.name} failed: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
