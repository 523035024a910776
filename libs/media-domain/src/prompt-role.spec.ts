import { PROMPT_ROLES as IVR_PROMPT_ROLES } from '@tp/timed-presence-domain';
import { PROMPT_ROLES, PromptRoleUnknown, VENDOR_PROMPT_ROLES, isPromptRole, parsePromptRole } from './index';

describe('prompt roles', () => {
  it('are the roles the Timed Presence IVR plays', () => {
    expect([...PROMPT_ROLES]).toEqual([...IVR_PROMPT_ROLES]);
  });

  it("start with the vendor page's seven", () => {
    expect(VENDOR_PROMPT_ROLES).toEqual([
      'welcome',
      'resource-lookup-error',
      'preset-hours',
      'custom-hours',
      'invalid-input',
      'online',
      'offline',
    ]);
  });

  it.each([
    [null, null],
    [undefined, null],
    ['welcome', 'welcome'],
    ['pin-entry', 'pin-entry'],
  ])('reads %p as %p', (raw, role) => {
    expect(parsePromptRole(raw)).toBe(role);
  });

  it.each(['', 'Welcome', 'greeting', 'hold'])('refuses %p, naming the field', (raw) => {
    expect(isPromptRole(raw)).toBe(false);
    expect(() => parsePromptRole(raw)).toThrow(PromptRoleUnknown);
    expect(() => parsePromptRole(raw)).toThrow(
      expect.objectContaining({ code: 'MEDIA.ROLE_UNKNOWN', details: { field: 'role', role: raw } }),
    );
  });
});
