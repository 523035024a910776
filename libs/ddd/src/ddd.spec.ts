import { AggregateRoot, DomainError, SystemClock } from './index';

class Counter extends AggregateRoot<{ type: 'incremented'; to: number }> {
  value = 0;
  increment(): void {
    this.value += 1;
    this.record({ type: 'incremented', to: this.value });
  }
}

class CounterTooHigh extends DomainError {
  readonly code = 'COUNTER.TOO_HIGH';
  readonly kind = 'invalid' as const;
  constructor(value: number) {
    super(`counter ${value} is too high`, { value });
  }
}

describe(AggregateRoot.name, () => {
  it('hands out recorded events oldest first, once', () => {
    const counter = new Counter();
    counter.increment();
    counter.increment();

    expect(counter.peekEvents()).toEqual([
      { type: 'incremented', to: 1 },
      { type: 'incremented', to: 2 },
    ]);
    expect(counter.pullEvents().map((e) => e.to)).toEqual([1, 2]);
    expect(counter.pullEvents()).toEqual([]);
  });
});

describe(DomainError.name, () => {
  it('carries a code, a kind, details and the subclass name', () => {
    const error = new CounterTooHigh(7);

    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('COUNTER.TOO_HIGH');
    expect(error.kind).toBe('invalid');
    expect(error.details).toEqual({ value: 7 });
    expect(error.name).toBe('CounterTooHigh');
    expect(error.message).toBe('counter 7 is too high');
  });
});

describe(SystemClock.name, () => {
  it('tells the current time', () => {
    const before = Date.now();
    const now = new SystemClock().now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
