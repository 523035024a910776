export * from './identifiers';
export * from './subjects';
export * from './cloud-event';
export * from './rpc';
export * from './presence/presence.events.v1';
export * from './presence/presence.commands.v1';
export * from './media';
export * from './flow-runtime';
