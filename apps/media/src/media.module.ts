import { Module } from '@nestjs/common';
import { PlatformModule } from '@tp/platform';
import { mediaOrm } from './media.orm';

/** Composition root of the media app: the one place that binds ports to adapters. */
@Module({
  imports: [
    PlatformModule.forApp({ app: { name: 'media', schema: 'media' }, context: 'media', orm: mediaOrm }),
  ],
})
export class MediaModule {}
