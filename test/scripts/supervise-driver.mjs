// Test driver: supervises the programs given as JSON in argv[2] with the options in argv[3], as
// `npm start` supervises the apps; Ctrl-C (SIGINT) or SIGTERM stops them all.
import { supervise } from '../../scripts/supervise.mjs';

const supervisor = supervise(JSON.parse(process.argv[2]), JSON.parse(process.argv[3] ?? '{}'));
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => void supervisor.stop().then((code) => process.exit(code)));
void supervisor.done.then((code) => process.exit(code));
