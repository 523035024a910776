import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ZodError, type z } from 'zod';

/** Validates a body, query or param against a zod schema; failures become a 400 naming the field. */
@Injectable()
export class ZodValidationPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(private readonly schema: T) {}

  transform(value: unknown, metadata?: ArgumentMetadata): z.infer<T> {
    const parsed = this.schema.safeParse(value);
    if (parsed.success) return parsed.data;
    // One path parameter or query value (`@Param('agentId', pipe)`): the field is its name.
    const name = metadata?.type !== 'body' && typeof metadata?.data === 'string' ? metadata.data : null;
    throw name === null
      ? parsed.error // -> HttpErrorFilter -> 400 naming each field
      : new ZodError(parsed.error.issues.map((issue) => ({ ...issue, path: [name, ...issue.path] })));
  }
}
