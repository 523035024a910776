import { runApp } from '@tp/platform';
import { mediaApp } from './media.app';

// `node main.js` serves; `node main.js migrate` applies this app's migrations and exits.
void runApp(mediaApp);
