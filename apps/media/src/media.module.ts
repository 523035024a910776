import { Module } from '@nestjs/common';
import { loadEnv, PlatformModule } from '@tp/platform';
import { PromptRepository, PromptUsage } from '@tp/media-domain';
import { CreatePromptHandler } from './application/create-prompt/create-prompt.handler';
import { CreateStarterSetHandler } from './application/create-starter-set/create-starter-set.handler';
import { DeletePromptHandler } from './application/delete-prompt/delete-prompt.handler';
import { GetPromptHandler } from './application/get-prompt/get-prompt.handler';
import { GetPromptsByIdsHandler } from './application/get-prompts-by-ids/get-prompts-by-ids.handler';
import { ListPromptsHandler } from './application/list-prompts/list-prompts.handler';
import { UpdatePromptHandler } from './application/update-prompt/update-prompt.handler';
import { NatsPromptUsage } from './infrastructure/flow-runtime/nats-prompt-usage';
import { MikroOrmPromptRepository } from './infrastructure/persistence/mikro-orm-prompt.repository';
import { MediaNatsController } from './interface/media.nats.controller';
import { PromptsHttpController } from './interface/prompts.http.controller';
import { MEDIA_CONFIG, MediaEnvSchema } from './media.config';
import { mediaOrm } from './media.orm';

/** Composition root of the media app: the one place that binds ports to adapters. */
@Module({
  imports: [
    PlatformModule.forApp({ app: { name: 'media', schema: 'media' }, context: 'media', orm: mediaOrm }),
  ],
  controllers: [PromptsHttpController, MediaNatsController],
  providers: [
    { provide: MEDIA_CONFIG, useFactory: () => loadEnv(MediaEnvSchema) },
    { provide: PromptRepository, useClass: MikroOrmPromptRepository },
    { provide: PromptUsage, useClass: NatsPromptUsage },
    CreatePromptHandler,
    UpdatePromptHandler,
    DeletePromptHandler,
    GetPromptHandler,
    ListPromptsHandler,
    GetPromptsByIdsHandler,
    CreateStarterSetHandler,
  ],
})
export class MediaModule {}
