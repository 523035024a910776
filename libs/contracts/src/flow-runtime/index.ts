export * from './flow-runtime.prompt-usage.v1';
export * from './flow-runtime.sessions.v1';
