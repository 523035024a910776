// What the presence handlers' unit tests share: an empty in-memory repository and a fixed clock.
import { FixedClock, InMemoryPresenceRepository } from '@tp/fakes';

export const T0 = '2026-03-02T09:00:00.000Z';

/** A fresh repository and a clock at `T0`, for each test. */
export function presenceFixture(): { repo: InMemoryPresenceRepository; clock: FixedClock } {
  return { repo: new InMemoryPresenceRepository(), clock: new FixedClock(T0) };
}
