/**
 * Subject naming.
 * - request/reply: `<context>.cmd.<verb-noun>`, served with a queue group per app.
 * - events: `<context>.evt.<tenant>.<noun-past>.v<N>`, one JetStream stream per context, so a
 *   subscriber filters by tenant with a wildcard: `presence.evt.acme.>`.
 */
export const CONTEXTS = ['identity', 'media', 'flow-runtime', 'dispatch', 'presence'] as const;
export type BoundedContext = (typeof CONTEXTS)[number];

const TOKEN = /^[a-z0-9][a-z0-9-]*$/;

function token(value: string, what: string): string {
  if (!TOKEN.test(value)) throw new Error(`${what} "${value}" is not a valid subject token`);
  return value;
}

export function commandSubject(context: BoundedContext, verbNoun: string): string {
  return `${context}.cmd.${token(verbNoun, 'command')}`;
}

export function eventSubject(
  context: BoundedContext,
  tenantId: string,
  nounPast: string,
  version: number,
): string {
  return `${context}.evt.${token(tenantId, 'tenant')}.${token(nounPast, 'event')}.v${version}`;
}

/** Every event subject of one context (the stream's filter), or of one tenant in it. */
export function eventWildcard(context: BoundedContext, tenantId?: string): string {
  return tenantId ? `${context}.evt.${token(tenantId, 'tenant')}.>` : `${context}.evt.>`;
}

/** The JetStream stream that holds a context's integration events. */
export function eventStreamName(context: BoundedContext): string {
  return `${context.replace(/-/g, '_').toUpperCase()}_EVENTS`;
}
