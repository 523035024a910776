import { Prompt, type PromptContent, type PromptProps, type PromptRole } from '@tp/media-domain';

/**
 * Test data for prompts: a stored text-to-speech prompt `prompt-1` "Welcome" of tenant `acme`,
 * version 1, unless told otherwise.
 *
 *     const prompt = aPrompt().named('Menu').withRole('preset-hours').atVersion(3).build();
 */
export class PromptBuilder {
  private props: PromptProps = {
    id: 'prompt-1',
    tenantId: 'acme',
    name: 'Welcome',
    role: null,
    content: { kind: 'tts', text: 'Welcome.', voice: 'Polly.Joanna', language: 'en-US' },
    version: 1,
    createdAt: new Date('2026-01-15T08:00:00.000Z'),
    updatedAt: new Date('2026-01-15T08:00:00.000Z'),
  };

  withId(id: string): this {
    return this.with({ id });
  }

  forTenant(tenantId: string): this {
    return this.with({ tenantId });
  }

  named(name: string): this {
    return this.with({ name });
  }

  withRole(role: PromptRole | null): this {
    return this.with({ role });
  }

  saying(text: string): this {
    return this.with({ content: { kind: 'tts', text, voice: 'Polly.Joanna', language: 'en-US' } });
  }

  playing(url: string): this {
    return this.with({ content: { kind: 'audio', url } });
  }

  withContent(content: PromptContent): this {
    return this.with({ content });
  }

  atVersion(version: number): this {
    return this.with({ version });
  }

  build(): Prompt {
    return Prompt.restore(this.props);
  }

  private with(change: Partial<PromptProps>): this {
    this.props = { ...this.props, ...change };
    return this;
  }
}

export function aPrompt(): PromptBuilder {
  return new PromptBuilder();
}
