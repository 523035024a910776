import type { PromptContentV1 } from '@tp/contracts';
import { PromptCache } from './prompt-cache';

const say = (text: string): PromptContentV1 => ({ kind: 'tts', text, voice: 'alice', language: 'en-US' });

describe(PromptCache.name, () => {
  let now: number;
  let cache: PromptCache;

  beforeEach(() => {
    now = 0;
    cache = new PromptCache(1000, 3, () => now);
  });

  it('serves a prompt until its time to live is up, and stale on request after that', () => {
    cache.put('acme', 'p-1', say('hi'), 1);
    now = 999;
    expect(cache.get('acme', 'p-1')).toEqual({ content: say('hi') });
    now = 1000;
    expect(cache.get('acme', 'p-1')).toBeUndefined();
    expect(cache.get('acme', 'p-1', true)).toEqual({ content: say('hi') });
  });

  it('keeps tenants apart, and remembers that a prompt is missing', () => {
    cache.put('acme', 'p-1', null);

    expect(cache.get('acme', 'p-1')).toEqual({ content: null });
    expect(cache.get('globex', 'p-1')).toBeUndefined();
  });

  it('drops a prompt on a change event, and does not take back an answer older than the change', () => {
    cache.put('acme', 'p-1', say('v1'), 1);

    cache.forget('acme', 'p-1', 2);
    cache.put('acme', 'p-1', say('v1, answered before the change'), 1);
    expect(cache.get('acme', 'p-1')).toBeUndefined();

    cache.put('acme', 'p-1', say('v2'), 2);
    expect(cache.get('acme', 'p-1')).toEqual({ content: say('v2') });
  });

  it('holds at most its size, letting the oldest go', () => {
    for (const id of ['a', 'b', 'c', 'd']) cache.put('acme', id, say(id), 1);

    expect(cache.size).toBe(3);
    expect(cache.get('acme', 'a')).toBeUndefined();
    expect(cache.get('acme', 'd')).toEqual({ content: say('d') });
  });
});
