import { aPrompt } from '@tp/fakes';
import {
  Prompt,
  PromptChanged,
  PromptCreated,
  PromptDeleted,
  PromptNameInvalid,
  PromptNotFound,
  PromptRoleUnknown,
  PromptStateInvalid,
  PromptVersionMismatch,
  type PromptProps,
} from './index';

const created = new Date('2026-01-15T09:00:00.000Z');
const later = new Date('2026-01-15T10:30:00.000Z');
const tts = { kind: 'tts', text: 'Welcome to the line.', voice: 'Polly.Joanna', language: 'en-us' } as const;

describe(Prompt.name, () => {
  describe('create', () => {
    it('makes version 1 of a checked prompt and records its creation', () => {
      const prompt = Prompt.create(
        { id: 'p-1', tenantId: 'acme', name: '  Welcome ', role: 'welcome', content: tts },
        created,
      );

      expect(prompt.toData()).toEqual({
        id: 'p-1',
        tenantId: 'acme',
        name: 'Welcome',
        role: 'welcome',
        content: { ...tts, language: 'en-US' },
        version: 1,
        createdAt: '2026-01-15T09:00:00.000Z',
        updatedAt: '2026-01-15T09:00:00.000Z',
      });
      expect(prompt.storedVersion).toBe(0);
      const [event] = prompt.pullEvents();
      expect(event).toBeInstanceOf(PromptCreated);
      expect(event).toMatchObject({
        type: 'prompt-created',
        tenantId: 'acme',
        promptId: 'p-1',
        version: 1,
        occurredAt: '2026-01-15T09:00:00.000Z',
        prompt: prompt.toData(),
      });
    });

    it('has no role unless given one', () => {
      const prompt = Prompt.create({ id: 'p-1', tenantId: 'acme', name: 'Hold', content: tts }, created);

      expect(prompt.role).toBeNull();
    });

    it('plays audio from an https URL', () => {
      const prompt = Prompt.create(
        {
          id: 'p-1',
          tenantId: 'acme',
          name: 'Jingle',
          content: { kind: 'audio', url: 'https://cdn.example.com/j.mp3' },
        },
        created,
      );

      expect(prompt.content).toEqual({ kind: 'audio', url: 'https://cdn.example.com/j.mp3' });
    });

    it.each([
      [{ name: '' }, PromptNameInvalid],
      [{ role: 'greeting' }, PromptRoleUnknown],
    ])('refuses %p', (change, error) => {
      expect(() =>
        Prompt.create({ id: 'p-1', tenantId: 'acme', name: 'Welcome', content: tts, ...change }, created),
      ).toThrow(error);
    });
  });

  describe('change', () => {
    it('applies what differs, bumps the version once and records the changed fields', () => {
      const prompt = aPrompt().named('Welcome').atVersion(4).build();

      const changed = prompt.change(
        { name: 'Greeting', role: 'welcome', content: { kind: 'audio', url: 'https://x.example/a.mp3' } },
        later,
      );

      expect(changed).toEqual(['name', 'role', 'content']);
      expect(prompt.version).toBe(5);
      expect(prompt.storedVersion).toBe(4);
      expect(prompt.toData()).toMatchObject({
        name: 'Greeting',
        role: 'welcome',
        content: { kind: 'audio', url: 'https://x.example/a.mp3' },
        version: 5,
        updatedAt: later.toISOString(),
        createdAt: '2026-01-15T08:00:00.000Z',
      });
      const [event] = prompt.pullEvents();
      expect(event).toBeInstanceOf(PromptChanged);
      expect(event).toMatchObject({
        type: 'prompt-changed',
        changed: ['name', 'role', 'content'],
        version: 5,
      });
      expect((event as PromptChanged).prompt).toEqual(prompt.toData());
    });

    it.each([
      ['the same name', { name: 'Welcome' }],
      ['the same name with spaces around', { name: ' Welcome ' }],
      ['the same role', { role: null }],
      [
        'the same content',
        { content: { kind: 'tts', text: 'Welcome.', voice: 'Polly.Joanna', language: 'en-us' } },
      ],
      ['nothing', {}],
    ] as const)('records nothing for %s', (_what, changes) => {
      const prompt = aPrompt().named('Welcome').saying('Welcome.').build();

      expect(prompt.change(changes, later)).toEqual([]);
      expect(prompt.version).toBe(1);
      expect(prompt.peekEvents()).toEqual([]);
    });

    it('renames without a role change when only the case of the name changes', () => {
      const prompt = aPrompt().named('welcome').build();

      expect(prompt.change({ name: 'Welcome' }, later)).toEqual(['name']);
    });

    it('removes the role with null', () => {
      const prompt = aPrompt().withRole('online').build();

      expect(prompt.change({ role: null }, later)).toEqual(['role']);
      expect(prompt.role).toBeNull();
    });

    it('counts one version per change until saved', () => {
      const prompt = aPrompt().atVersion(2).build();

      prompt.change({ name: 'A' }, later);
      prompt.change({ name: 'B' }, later);

      expect(prompt.version).toBe(4);
      expect(prompt.storedVersion).toBe(2);
      expect(prompt.pullEvents().map((e) => e.version)).toEqual([3, 4]);
      expect(prompt.storedVersion).toBe(4);
    });

    it('changes nothing when one field is bad', () => {
      const prompt = aPrompt().named('Welcome').build();

      expect(() => prompt.change({ name: 'Greeting', role: 'nope' }, later)).toThrow(PromptRoleUnknown);
      expect(prompt.name).toBe('Welcome');
      expect(prompt.version).toBe(1);
    });
  });

  describe('assertVersion', () => {
    it.each([undefined, 3])('lets an edit of the current version (%p) through', (expected) => {
      expect(() => aPrompt().atVersion(3).build().assertVersion(expected)).not.toThrow();
    });

    it('refuses an edit of an older version', () => {
      expect(() => aPrompt().atVersion(3).build().assertVersion(2)).toThrow(
        expect.objectContaining({
          constructor: PromptVersionMismatch,
          details: { promptId: 'prompt-1', expectedVersion: 2, version: 3 },
        }),
      );
    });
  });

  describe('delete', () => {
    it('records the deletion with the next version, once', () => {
      const prompt = aPrompt().named('Welcome').atVersion(2).build();

      prompt.delete(later);
      prompt.delete(later);

      expect(prompt.isDeleted).toBe(true);
      expect(prompt.storedVersion).toBe(2);
      const events = prompt.pullEvents();
      expect(events).toHaveLength(1);
      expect(events[0]).toBeInstanceOf(PromptDeleted);
      expect(events[0]).toEqual(
        expect.objectContaining({
          type: 'prompt-deleted',
          tenantId: 'acme',
          promptId: 'prompt-1',
          name: 'Welcome',
          version: 3,
          occurredAt: later.toISOString(),
        }),
      );
    });

    it('cannot be changed afterwards', () => {
      const prompt = aPrompt().build();
      prompt.delete(later);

      expect(() => prompt.change({ name: 'Again' }, later)).toThrow(PromptNotFound);
    });
  });

  describe('restore', () => {
    const valid: PromptProps = aPrompt().build().toSnapshot();

    it('gives back what was stored, as copies', () => {
      const prompt = Prompt.restore(valid);
      const snapshot = prompt.toSnapshot();
      snapshot.createdAt.setFullYear(2000);

      expect(prompt.toSnapshot()).toEqual(valid);
      expect(prompt.nameKey).toBe('welcome');
      expect(prompt.isDeleted).toBe(false);
    });

    it.each([
      ['a zero version', { version: 0 }],
      ['a fractional version', { version: 1.5 }],
      ['an unknown role', { role: 'greeting' }],
      ['an unknown content kind', { content: { kind: 'video', url: 'https://x/' } }],
      ['a bad date', { createdAt: new Date('nope') }],
    ])('refuses a row with %s', (_what, change) => {
      expect(() => Prompt.restore({ ...valid, ...change } as PromptProps)).toThrow(PromptStateInvalid);
    });
  });
});
