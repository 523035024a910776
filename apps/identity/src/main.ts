import { runApp } from '@tp/platform';
import { identityApp } from './identity.app';

// `node main.js` serves; `node main.js migrate` applies this app's migrations and exits.
void runApp(identityApp);
