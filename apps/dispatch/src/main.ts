import { runApp } from '@tp/platform';
import { dispatchApp } from './dispatch.app';

// `node main.js` serves; `node main.js migrate` applies this app's migrations and exits.
void runApp(dispatchApp);
