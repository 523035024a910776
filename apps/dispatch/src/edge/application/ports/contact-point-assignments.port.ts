/** A number on the platform's Twilio account that the platform operator gave to one tenant. */
export interface ContactPointAssignment {
  /** E.164. */
  readonly phoneNumber: string;
  readonly tenantId: string;
  readonly assignedAt: Date;
  /** Who assigned it: the subject of the platform admin credential. */
  readonly assignedBy: string;
}

export interface ContactPointPage {
  readonly items: ContactPointAssignment[];
  readonly total: number;
}

/** Where the platform operator's assignments are kept: one tenant per number at most. */
export abstract class ContactPointAssignments {
  abstract find(phoneNumber: string): Promise<ContactPointAssignment | null>;
  /** By phone number; only one tenant's when `tenantId` is given. */
  abstract list(filter: { tenantId?: string; limit: number; offset: number }): Promise<ContactPointPage>;
  /**
   * Adds it unless the number is assigned already; answers the assignment that holds (the new
   * one, `added`, or the one that was there), so two operators racing cannot both win.
   */
  abstract add(assignment: ContactPointAssignment): Promise<{ held: ContactPointAssignment; added: boolean }>;
  /** Removes it; false when there was none. */
  abstract remove(phoneNumber: string): Promise<boolean>;
}
