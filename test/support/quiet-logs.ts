/**
 * Unit tests provoke failures on purpose (a dependency down, a retry given up, a request refused),
 * and the code under test logs them as it should. Printed, those expected lines would bury a real
 * failure, so the unit tier keeps Nest's logger at `TEST_LOG_LEVEL` and above: `fatal` unless told
 * (`TEST_LOG_LEVEL=log npx jest <file>` shows everything). Failed assertions are Jest's to report
 * and are never hidden. `Test.createTestingModule().compile()` installs a logger of its own that
 * prints errors, so the level is set again before each test; a test that needs the log spies on it.
 */
import { Logger, type LogLevel } from '@nestjs/common';

const LEVELS: LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
const level = (process.env.TEST_LOG_LEVEL ?? 'fatal') as LogLevel;
if (!LEVELS.includes(level))
  throw new Error(`TEST_LOG_LEVEL must be one of ${LEVELS.join(', ')}, not ${level}`);

const quiet = () => Logger.overrideLogger(LEVELS.slice(LEVELS.indexOf(level)));
quiet();
beforeEach(quiet);
