import { FakePromptUsage } from '@tp/fakes';
import { PromptInUse, PromptUsage, PromptUsageUnknown } from '../index';

describe(PromptUsage.name, () => {
  const flow = { flowId: 'f-1', name: 'Timed Presence', version: 3 };

  it('names each published flow of the tenant that plays any of the prompts, once', async () => {
    const usage = new FakePromptUsage()
      .usedBy('acme', 'p-1', flow)
      .usedBy('acme', 'p-2', flow)
      .usedBy('globex', 'p-1', { flowId: 'f-9', name: 'Other', version: 1 });

    await expect(usage.flowsUsing('acme', ['p-1', 'p-2'])).resolves.toEqual([flow]);
    await expect(usage.flowsUsing('acme', ['p-3'])).resolves.toEqual([]);
  });

  it('tells when it cannot know', async () => {
    await expect(new FakePromptUsage().goDown().flowsUsing('acme', ['p-1'])).rejects.toBeInstanceOf(
      PromptUsageUnknown,
    );
  });
});

describe(PromptInUse.name, () => {
  it('names the flows in its message and details', () => {
    const error = new PromptInUse('p-1', [
      { flowId: 'f-1', name: 'Timed Presence', version: 3 },
      { flowId: 'f-2', name: 'Support', version: 1 },
    ]);

    expect(error.message).toBe(
      'prompt p-1 is used by published flows: "Timed Presence" (v3), "Support" (v1)',
    );
    expect(error.details).toEqual({
      promptId: 'p-1',
      flows: [
        { flowId: 'f-1', name: 'Timed Presence', version: 3 },
        { flowId: 'f-2', name: 'Support', version: 1 },
      ],
    });
    expect(error.kind).toBe('conflict');
  });
});

describe(PromptUsageUnknown.name, () => {
  it('is a temporary failure that says nothing was deleted', () => {
    const error = new PromptUsageUnknown(['p-1'], 'flow-runtime did not answer');

    expect(error.kind).toBe('unavailable');
    expect(error.code).toBe('MEDIA.USAGE_UNKNOWN');
    expect(error.message).toMatch(/could not check .*p-1.*nothing was deleted/);
  });
});
