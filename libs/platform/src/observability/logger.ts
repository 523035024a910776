import { AsyncLocalStorage } from 'node:async_hooks';
import { ConsoleLogger, type LogLevel } from '@nestjs/common';

const LEVELS: LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];

/** Fields that every log line written while handling one request or call carries. */
export interface LogFields {
  tenantId?: string;
  callSid?: string;
  sessionId?: string;
  [field: string]: string | undefined;
}

const fields = new AsyncLocalStorage<LogFields>();

/** Runs `work` with extra log fields (tenant, call SID, session id) on every line it logs. */
export function withLogFields<T>(extra: LogFields, work: () => T): T {
  return fields.run({ ...fields.getStore(), ...extra }, work);
}

/** JSON lines with the app's name and the current request's fields (or text for a person). */
export class AppLogger extends ConsoleLogger {
  constructor(
    private readonly appName: string,
    level: LogLevel,
    format: 'json' | 'text',
  ) {
    super(appName, {
      json: format === 'json',
      prefix: appName,
      colors: format === 'text' && process.stdout.isTTY,
      logLevels: LEVELS.slice(LEVELS.indexOf(level)),
    });
  }

  protected override getJsonLogObject(
    message: unknown,
    options: {
      context: string;
      logLevel: LogLevel;
      writeStreamType?: 'stdout' | 'stderr';
      errorStack?: unknown;
    },
  ) {
    const base = super.getJsonLogObject(message, options);
    return { time: new Date(base.timestamp).toISOString(), app: this.appName, ...fields.getStore(), ...base };
  }
}

export function createLogger(appName: string, level: LogLevel, format: 'json' | 'text'): AppLogger {
  return new AppLogger(appName, level, format);
}
