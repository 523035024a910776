/** Publishes one event durably; resolves once the broker has stored it (or knew it already). */
export abstract class EventPublisher {
  /** `json` is the event already encoded (the outbox keeps it as JSON), sent as it is. */
  abstract publish(subject: string, eventId: string, json: string): Promise<{ duplicate: boolean }>;
}
