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
 * exactly one JSON document; every log line goes to stderr.
 */
async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  const command = COMMANDS.find((c) => c.name === args.command);
  if (!command) {
    process.stderr.write(`Usage: npm run cli -- <command>\n\nCommands:\n${COMMANDS.map((c) => `  ${c.usage}`).join('\n')}\n`);
    return args.command ? 2 : 0;
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
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\nUsage: npm run cli -- ${command.usage}\n`);
      return 2;
    }
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
