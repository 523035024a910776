import {
  ContactPointAssignments,
  type ContactPointAssignment,
  type ContactPointPage,
} from '../edge/application/ports/contact-point-assignments.port';

/** The platform operator's assignments in a map, by number. */
export class InMemoryContactPointAssignments extends ContactPointAssignments {
  private readonly rows = new Map<string, ContactPointAssignment>();

  /** Assigns numbers to a tenant, as an operator would have. */
  assign(tenantId: string, ...phoneNumbers: string[]): this {
    for (const phoneNumber of phoneNumbers)
      this.rows.set(phoneNumber, {
        phoneNumber,
        tenantId,
        assignedAt: new Date('2026-11-01T00:00:00Z'),
        assignedBy: 'operator',
      });
    return this;
  }

  find(phoneNumber: string): Promise<ContactPointAssignment | null> {
    return Promise.resolve(this.rows.get(phoneNumber) ?? null);
  }

  list(filter: { tenantId?: string; limit: number; offset: number }): Promise<ContactPointPage> {
    const all = [...this.rows.values()]
      .filter((row) => filter.tenantId === undefined || row.tenantId === filter.tenantId)
      .sort((a, b) => a.phoneNumber.localeCompare(b.phoneNumber));
    return Promise.resolve({
      items: all.slice(filter.offset, filter.offset + filter.limit),
      total: all.length,
    });
  }

  add(assignment: ContactPointAssignment): Promise<{ held: ContactPointAssignment; added: boolean }> {
    const held = this.rows.get(assignment.phoneNumber);
    if (held) return Promise.resolve({ held, added: false });
    this.rows.set(assignment.phoneNumber, { ...assignment });
    return Promise.resolve({ held: assignment, added: true });
  }

  remove(phoneNumber: string): Promise<boolean> {
    return Promise.resolve(this.rows.delete(phoneNumber));
  }
}
