import { decodeSessionCursor, encodeSessionCursor } from './session-cursor';

describe('the sessions cursor', () => {
  const key = { startedAt: new Date('2026-03-02T09:00:00.000Z'), id: '0b5e8a3c-2f4d-4c1e-9a7b-1d2e3f405162' };

  it('gives back the key it was made from, and is URL-safe', () => {
    const cursor = encodeSessionCursor(key);

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeSessionCursor(cursor)).toEqual(key);
  });

  it.each([
    ['not base64url', 'a+b/c='],
    ['no id', Buffer.from('2026-03-02T09:00:00.000Z').toString('base64url')],
    ['not a date', Buffer.from(`yesterday|${'0b5e8a3c-2f4d-4c1e-9a7b-1d2e3f405162'}`).toString('base64url')],
    ['not a uuid', Buffer.from('2026-03-02T09:00:00.000Z|42').toString('base64url')],
    ['too many parts', Buffer.from(`2026-03-02T09:00:00.000Z|${key.id}|x`).toString('base64url')],
    ['empty', ''],
  ])('refuses a cursor with %s', (_what, cursor) => {
    expect(decodeSessionCursor(cursor)).toBeNull();
  });
});
