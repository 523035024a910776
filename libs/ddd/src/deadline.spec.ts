import { Deadline } from './deadline';

describe(Deadline.name, () => {
  it('counts down from its total, less what already ran', () => {
    const left = Deadline.after(2000, 500).remainingMs();

    expect(left).toBeLessThanOrEqual(1500);
    expect(left).toBeGreaterThan(1400);
    expect(Deadline.after(100, 300).remainingMs()).toBeLessThanOrEqual(-200);
  });

  it('never passes when it is NONE, and carries no instant to another process', () => {
    expect(Deadline.NONE.remainingMs()).toBe(Number.POSITIVE_INFINITY);
    expect(Deadline.NONE.epochMs()).toBeNull();
    expect(Deadline.NONE.within(300).remainingMs()).toBeLessThanOrEqual(300);
  });

  it('crosses processes as a wall-clock instant and comes back the same', () => {
    const epochMs = Date.now() + 1000;
    const carried = Deadline.atEpochMs(epochMs);

    expect(Math.abs(carried.epochMs()! - epochMs)).toBeLessThan(5);
    expect(carried.remainingMs()).toBeGreaterThan(900);
    expect(Deadline.atEpochMs(Date.now() - 50).remainingMs()).toBeLessThanOrEqual(-50);
  });

  it.each([
    ['a shorter share', 300, 300],
    ['a longer one, capped by the deadline', 5000, 1000],
  ])('within %s leaves the sooner of the two', (_case, ms, atMost) => {
    const left = Deadline.after(1000).within(ms).remainingMs();

    expect(left).toBeLessThanOrEqual(atMost);
    expect(left).toBeGreaterThan(atMost - 50);
  });

  it('gives a request whole milliseconds less the reserve, and at least 1', () => {
    expect(Deadline.after(1000).budgetMs(50)).toBeLessThanOrEqual(950);
    expect(Number.isInteger(Deadline.after(1000).budgetMs(50))).toBe(true);
    expect(Deadline.after(10).budgetMs(50)).toBe(1);
    expect(Deadline.NONE.budgetMs()).toBe(2 ** 31 - 1);
  });

  it('answers with the work in time, or with the fallback once it passes (leaving the work running)', async () => {
    await expect(Deadline.after(1000).race(Promise.resolve('work'), () => 'late')).resolves.toBe('work');
    await expect(Deadline.after(30).race(new Promise<string>(() => undefined), () => 'late')).resolves.toBe(
      'late',
    );
  });
});
