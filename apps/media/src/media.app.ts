import type { AppDefinition } from '@tp/platform';
import { MediaModule } from './media.module';
import { mediaOrm } from './media.orm';

export const mediaApp: AppDefinition = {
  name: 'media',
  description: 'The prompts an IVR plays: text-to-speech or audio URL, shared across flows.',
  schema: 'media',
  defaultPort: 3002,
  orm: mediaOrm,
  module: MediaModule,
};
