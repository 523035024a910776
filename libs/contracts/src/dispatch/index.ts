export * from './dispatch.events.v1';
