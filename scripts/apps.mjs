// The five apps, their default HTTP ports and entry points (shared by the start and migrate scripts).
export const APPS = [
  { name: 'identity', port: 3001 },
  { name: 'media', port: 3002 },
  { name: 'flow-runtime', port: 3003 },
  { name: 'presence', port: 3004 },
  { name: 'dispatch', port: 3000 },
].map((app) => {
  const variable = `${app.name.replace(/-/g, '_').toUpperCase()}_HTTP_PORT`;
  const port = Number(process.env[variable] ?? app.port);
  return { ...app, port, variable, entry: `dist/apps/${app.name}/src/main.js` };
});

// The admin console: its server serves the built single-page app and forwards /api/<app>/ to the apps.
export const CONSOLE = {
  name: 'console',
  variable: 'CONSOLE_HTTP_PORT',
  port: Number(process.env.CONSOLE_HTTP_PORT ?? 3005),
  entry: 'dist/apps/console/src/main.js',
};
