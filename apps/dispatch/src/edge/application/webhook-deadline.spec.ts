import { ANSWER_RESERVE_MS, webhookDeadline } from './webhook-deadline';

describe(webhookDeadline.name, () => {
  it('answers with the work when it is in time, with the fallback when it is not', async () => {
    await expect(webhookDeadline(1000).race(Promise.resolve('work'), () => 'late')).resolves.toBe('work');
    await expect(webhookDeadline(60).race(new Promise<string>(() => undefined), () => 'late')).resolves.toBe(
      'late',
    );
  });

  it('counts the time the request already ran and keeps the reserve back, never giving less than 1 ms', () => {
    expect(webhookDeadline(2000, 500).budgetMs()).toBeLessThanOrEqual(1500 - ANSWER_RESERVE_MS);
    expect(webhookDeadline(2000, 500).budgetMs()).toBeGreaterThan(1400);
    expect(webhookDeadline(2000, 5000).budgetMs()).toBe(1);
  });
});
