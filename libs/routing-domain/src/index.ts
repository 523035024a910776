export * from './routing-agent';
export * from './eligibility';
export * from './read-model';
export * from './queue';
export * from './offer';
export * from './max-wait';
export * from './agent-index';
