import { Injectable, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/** Validates a body, query or param against a zod schema; failures become a 400 naming the field. */
@Injectable()
export class ZodValidationPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(private readonly schema: T) {}

  transform(value: unknown): z.infer<T> {
    return this.schema.parse(value); // ZodError -> HttpErrorFilter -> 400
  }
}
