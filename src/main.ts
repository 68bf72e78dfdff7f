import 'reflect-metadata';
import { loadConfig } from './config/app.config';
import { ConfigError } from './config/env';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  // Loaded only once the configuration is valid: a bad variable is reported at once, before
  // the whole application (Nest, TypeORM, every module) is imported.
  const { createApp } = await import('./app.factory');
  const { createPinoLogger } = await import('./common/logging/logger');
  const { listen, stopOnSignals } = await import('./common/server-lifecycle');
  const logger = createPinoLogger(config.logLevel);
  const app = await createApp(config, { logger });
  stopOnSignals(app, logger);
  await listen(app, config.host, config.port, logger);
}

main().catch((e) => {
  // a configuration found wrong during start-up (a MASTER_KEY that does not fit the database) is one line too
  if (e instanceof ConfigError) process.stderr.write(`${e.message}\n`);
  else process.stderr.write(`Failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
