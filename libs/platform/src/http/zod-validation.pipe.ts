import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ZodError, type z } from 'zod';

/** A NUL character, or a UTF-16 surrogate without its other half: no text PostgreSQL can store. */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_REASON = 'contains a NUL character or an unpaired UTF-16 surrogate';

/**
 * Where in a parsed input a string (or an object key) holds text no database can store: every
 * text field of every route obeys one rule, so no route can forget it.
 */
export function unstorableText(value: unknown, path: PropertyKey[] = []): z.core.$ZodIssue[] {
  if (typeof value === 'string') {
    return UNSTORABLE.test(value) ? [{ code: 'custom', path, message: UNSTORABLE_REASON, input: value }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => unstorableText(item, [...path, i]));
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    return Object.entries(value).flatMap(([key, item]) =>
      UNSTORABLE.test(key)
        ? [{ code: 'custom' as const, path, message: `has a key that ${UNSTORABLE_REASON}`, input: key }]
        : unstorableText(item, [...path, key]),
    );
  }
  return [];
}

/**
 * Validates a body, query or param against a zod schema; failures become a 400 naming the field
 * (a path parameter or query value is named by its own name). Text that cannot be stored (a NUL,
 * an unpaired surrogate) anywhere in the input, keys included, is such a failure too.
 */
@Injectable()
export class ZodValidationPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(private readonly schema: T) {}

  transform(value: unknown, metadata?: ArgumentMetadata): z.infer<T> {
    const parsed = this.schema.safeParse(value);
    const issues = parsed.success ? unstorableText(parsed.data) : parsed.error.issues;
    if (parsed.success && issues.length === 0) return parsed.data;
    // One path parameter or query value (`@Param('agentId', pipe)`): the field is its name.
    const name = metadata?.type !== 'body' && typeof metadata?.data === 'string' ? metadata.data : null;
    throw new ZodError(name === null ? issues : issues.map((i) => ({ ...i, path: [name, ...i.path] })));
    // ZodError -> HttpErrorFilter -> 400 naming each field
  }
}
