import { join } from 'node:path';
import { consoleSettings, ConsoleConfigError } from './console.config';
import { buildConsoleServer } from './console.server';

/** `node dist/apps/console/src/main.js`: serves the console on CONSOLE_HTTP_PORT (default 3005). */
async function main(): Promise<void> {
  let settings;
  try {
    // dist/apps/console/src/main.js -> dist/console/web
    settings = consoleSettings(process.env, join(__dirname, '..', '..', '..', 'console', 'web'));
  } catch (error) {
    if (error instanceof ConsoleConfigError) {
      process.stderr.write(`console: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const server = await buildConsoleServer(settings, { logger: { level: settings.logLevel } });
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      server.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  await server.listen({ port: settings.port, host: settings.host });
  server.log.info(`console ready on http://127.0.0.1:${settings.port}`);
}

void main();
