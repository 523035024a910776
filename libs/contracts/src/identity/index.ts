export * from './identity.users.v1';
export * from './identity.user-contact.v1';
export * from './identity.tenants.v1';
export * from './identity.user-skills.v1';
export * from './identity.callers.v1';
