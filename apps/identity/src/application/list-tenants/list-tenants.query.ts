/** Every tenant of the platform (a platform admin's question). */
export class ListTenantsQuery {}
