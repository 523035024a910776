export * from './identity.users.v1';
