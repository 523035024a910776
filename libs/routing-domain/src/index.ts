export * from './routing-agent';
export * from './eligibility';
export * from './read-model';
