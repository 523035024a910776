import { IdentityFieldInvalid, type UserPageKey } from '@tp/identity-domain';

/** The opaque `cursor` of the listing: where the next page starts, base64url of `[createdAt, id]`. */
export function encodeCursor(key: UserPageKey): string {
  return Buffer.from(JSON.stringify([key.createdAt.toISOString(), key.id])).toString('base64url');
}

/** Throws {@link IdentityFieldInvalid} (field `cursor`, a 400) for anything this API did not hand out. */
export function decodeCursor(cursor: string): UserPageKey {
  const invalid = () => new IdentityFieldInvalid('cursor', 'is not a cursor this API handed out');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(value) || value.length !== 2) throw invalid();
  const [at, id] = value as unknown[];
  if (typeof at !== 'string' || typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) throw invalid();
  const createdAt = new Date(at);
  if (Number.isNaN(createdAt.getTime())) throw invalid();
  return { createdAt, id };
}
