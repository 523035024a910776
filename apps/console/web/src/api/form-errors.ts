import { ApiError, messageOf } from './errors';

/** A form's labels by API field path, so a message reads "Email is not an email address". */
export type FieldLabels = Record<string, string>;

export interface FormErrors {
  /** Messages for the form's fields, keyed by form path. */
  fields: Record<string, string>;
  /** What belongs to no field: shown above the buttons. */
  summary: string | null;
}

const sentence = (text: string) => (text ? text.charAt(0).toUpperCase() + text.slice(1) : text);

/**
 * Spreads an API error over a form: each field problem next to its field (`extensions.0.number` is
 * looked up as is, then by its last part), the rest as one summary. A lost connection or an expired
 * sign-in is a summary: the values typed stay in the form.
 */
export function formErrors(
  error: unknown,
  fields: string[],
  rename: Record<string, string> | ((field: string) => string) = {},
): FormErrors {
  if (!(error instanceof ApiError)) return { fields: {}, summary: messageOf(error) };
  const result: Record<string, string> = {};
  const unmatched: string[] = [];
  for (const problem of error.fields) {
    const renamed = (field: string) =>
      typeof rename === 'function' ? rename(field) : (rename[field] ?? field);
    const whole = renamed(problem.field);
    const last = renamed(problem.field.split('.').pop() ?? '');
    const key = fields.includes(whole) ? whole : fields.includes(last) ? last : null;
    if (key) result[key] = sentence(problem.reason);
    else unmatched.push(`${problem.field}: ${problem.reason}`);
  }
  // A conflict names what clashed in its details (`details.phoneNumber`, `details.email`): say it there.
  if (error.kind === 'conflict' && error.fields.length === 0) {
    const clash = fields.find((f) => f in error.details);
    if (clash) result[clash] = sentence(error.message);
  }
  const handled = Object.keys(result).length > 0;
  const summary =
    error.kind === 'invalid' && handled && unmatched.length === 0
      ? 'Nothing was saved: correct the marked fields.'
      : unmatched.length > 0
        ? `Nothing was saved: ${unmatched.join('; ')}`
        : handled
          ? null
          : error.message;
  return { fields: result, summary };
}
