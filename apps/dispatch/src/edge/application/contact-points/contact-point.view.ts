import type { ContactPointAssignment, ContactPointPage } from '../ports/contact-point-assignments.port';

export interface ContactPointView {
  phoneNumber: string;
  tenantId: string;
  assignedAt: string;
  assignedBy: string;
}

export interface ContactPointListView {
  items: ContactPointView[];
  total: number;
  limit: number;
  offset: number;
}

export function toContactPointView(assignment: ContactPointAssignment): ContactPointView {
  return {
    phoneNumber: assignment.phoneNumber,
    tenantId: assignment.tenantId,
    assignedAt: assignment.assignedAt.toISOString(),
    assignedBy: assignment.assignedBy,
  };
}

export function toContactPointListView(
  page: ContactPointPage,
  limit: number,
  offset: number,
): ContactPointListView {
  return { items: page.items.map(toContactPointView), total: page.total, limit, offset };
}

/** Tenant ids as the platform's credentials spell them. */
export const TENANT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
