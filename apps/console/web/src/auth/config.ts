/** What `GET /config.json` says about signing in (the console server reads it from its environment). */
export interface ConsoleConfig {
  oidc: { authority: string; clientId: string; scope: string; resource?: string } | null;
  localSignIn: boolean;
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/config.json', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`the console's settings could not be read (HTTP ${response.status})`);
  return (await response.json()) as ConsoleConfig;
}
