import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { AppDefinition } from './run-app';

/** The app's OpenAPI document, as `/docs/openapi.json` serves it (one builder for both). */
export function openApiDocument(
  app: INestApplication,
  def: Pick<AppDefinition, 'name' | 'description'>,
): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`Timed Presence: ${def.name}`)
      .setDescription(def.description)
      .addBearerAuth()
      .build(),
  );
}

/**
 * The same document without a database or NATS: Nest reads the module's metadata in preview mode
 * (nothing is instantiated), for `npm run openapi` and the check that the committed documents are current.
 */
export async function previewOpenApiDocument(def: AppDefinition): Promise<OpenAPIObject> {
  const app = await NestFactory.create(def.module as never, new FastifyAdapter(), {
    preview: true,
    abortOnError: false,
    logger: false,
  });
  try {
    designTypesAsTsc(app);
    return openApiDocument(app, def);
  } finally {
    await app.close();
  }
}

/**
 * A parameter typed by a zod schema's inferred type (`body: CreateUserBody`) gets `Object` as its
 * design type from tsc, but the schema value itself from swc (the test runner); @nestjs/swagger
 * cannot read a schema as a class. The documents describe bodies through `@ApiBody` anyway, so
 * anything that is not a class is read as `Object`, and both compilers give the same document.
 */
function designTypesAsTsc(app: INestApplication): void {
  const container = (
    app as unknown as {
      container: { getModules(): Map<string, { controllers: Map<unknown, { metatype: unknown }> }> };
    }
  ).container;
  for (const module of container.getModules().values()) {
    for (const { metatype } of module.controllers.values()) {
      const prototype = (metatype as { prototype?: object } | null)?.prototype;
      if (!prototype) continue;
      for (const key of Object.getOwnPropertyNames(prototype)) {
        const types = Reflect.getMetadata('design:paramtypes', prototype, key) as unknown[] | undefined;
        if (types?.some((t) => typeof t !== 'function'))
          Reflect.defineMetadata(
            'design:paramtypes',
            types.map((t) => (typeof t === 'function' ? t : Object)),
            prototype,
            key,
          );
      }
    }
  }
}
