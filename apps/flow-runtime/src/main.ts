import { runApp } from '@tp/platform';
import { flowRuntimeApp } from './flow-runtime.app';

// `node main.js` serves; `node main.js migrate` applies this app's migrations and exits.
void runApp(flowRuntimeApp);
