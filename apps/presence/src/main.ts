import { runApp } from '@tp/platform';
import { presenceApp } from './presence.app';

// `node main.js` serves; `node main.js migrate` applies this app's migrations and exits.
void runApp(presenceApp);
