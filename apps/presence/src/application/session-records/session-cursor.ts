import type { SessionKey } from './session-records.port';

/** The opaque `cursor` of the sessions listing: base64url of `<startedAt ISO>|<session id>`. */
export function encodeSessionCursor(key: SessionKey): string {
  return Buffer.from(`${key.startedAt.toISOString()}|${key.id}`, 'utf8').toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The key a cursor stands for, or null when it is not one this API gave. */
export function decodeSessionCursor(cursor: string): SessionKey | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const startedAt = new Date(at ?? '');
  if (rest.length > 0 || id === undefined || !UUID.test(id) || Number.isNaN(startedAt.getTime())) return null;
  return { startedAt, id };
}
