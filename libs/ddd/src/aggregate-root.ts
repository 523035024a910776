/**
 * An aggregate records the events of its own changes; the application layer pulls them after
 * saving (or the repository writes them to the outbox in the same transaction).
 */
export abstract class AggregateRoot<TEvent> {
  private recorded: TEvent[] = [];

  protected record(event: TEvent): void {
    this.recorded.push(event);
  }

  /** The events recorded since the last pull, oldest first; pulling empties the list. */
  pullEvents(): TEvent[] {
    const events = this.recorded;
    this.recorded = [];
    return events;
  }

  /** The events recorded since the last pull, without removing them. */
  peekEvents(): readonly TEvent[] {
    return this.recorded;
  }
}
