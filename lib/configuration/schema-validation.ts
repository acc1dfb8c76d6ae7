import type { ZodType } from 'zod';
import { type Checked, checked, failed } from './checked';
import type { JsonPath } from './json-path';
import type { LayeredDocument } from './layered-document';
import { problemsFromZod } from './zod-problems';

/** Validates the value found at `at` of a merged document; problems point at the file and line that set each value. */
export function validateAt<T>(
  schema: ZodType<T>,
  value: unknown,
  document: LayeredDocument,
  at: JsonPath = [],
): Checked<T> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return checked(result.data);
  return failed(
    problemsFromZod(result.error.issues, schema, (path, found, allowed) =>
      document.problemAt([...at, ...path], found, allowed),
    ),
  );
}
