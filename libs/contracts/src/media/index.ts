export * from './media.prompts.v1';
