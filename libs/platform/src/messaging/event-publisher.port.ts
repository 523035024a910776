/** Publishes one event durably; resolves once the broker has stored it (or knew it already). */
export abstract class EventPublisher {
  abstract publish(subject: string, eventId: string, payload: unknown): Promise<{ duplicate: boolean }>;
}
