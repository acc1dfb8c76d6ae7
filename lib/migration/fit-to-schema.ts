import type * as z from 'zod';

/** A value taken out of a document because the schema refuses it, and why. */
export interface RefusedValue {
  /** Where it was, as a dotted path (`compute_resources.instance_types`). */
  readonly path: string;
  /** The value. */
  readonly value: unknown;
  /** The schema's message. */
  readonly message: string;
}

/** A document made to fit its schema, and what had to go. */
export interface FittedDocument {
  /** The document; it passes the schema when `fits` is true. */
  readonly document: Record<string, unknown>;
  /** What the schema refused, taken out (or replaced by `fill`'s value). */
  readonly refused: readonly RefusedValue[];
  /** Whether the document now passes the schema. */
  readonly fits: boolean;
}

/**
 * Makes a document derived from existing resources fit the configuration's schema: a value the
 * schema refuses (an unknown key, a value out of its range) is taken out, and a required value
 * then missing comes from `fill` (path → value), so the migration writes what the schema accepts
 * and keeps the rest as adopted. Works with whatever the schema accepts today: when the schema
 * grows, less is taken out.
 */
export function fitToSchema(
  schema: z.ZodType,
  document: Record<string, unknown>,
  fill: (path: readonly (string | number)[]) => unknown = () => undefined,
): FittedDocument {
  const current = structuredClone(document);
  const refused: RefusedValue[] = [];
  const filled = new Set<string>();
  // One issue at a time: taking a list element out moves the ones after it.
  for (let round = 0; round < 200; round++) {
    const result = schema.safeParse(current);
    if (result.success) return { document: current, refused, fits: true };
    let changed = false;
    for (const issue of result.error.issues) {
      const base = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...base, k]) : [base];
      for (const path of paths.filter((p) => p.length > 0)) {
        const key = path.join('.');
        const existing = valueAt(current, path);
        if (existing !== undefined) {
          refused.push({ path: key, value: existing, message: issue.message });
          deleteAt(current, path);
          changed = true;
        }
        if (!filled.has(key)) {
          filled.add(key);
          const replacement = fill(path);
          if (replacement !== undefined) {
            setAt(current, path, structuredClone(replacement));
            changed = true;
          }
        }
        if (changed) break;
      }
      if (changed) break;
    }
    if (!changed) return { document: current, refused, fits: false };
  }
  return { document: current, refused, fits: false };
}

/** The value at a path of a document. */
export function valueAt(document: unknown, path: readonly (string | number)[]): unknown {
  let current = document;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

function deleteAt(document: Record<string, unknown>, path: readonly (string | number)[]): void {
  const parent = valueAt(document, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else if (parent !== null && typeof parent === 'object') delete (parent as Record<string | number, unknown>)[last];
}

function setAt(document: Record<string, unknown>, path: readonly (string | number)[], value: unknown): void {
  let current: Record<string | number, unknown> = document;
  for (const step of path.slice(0, -1)) {
    if (current[step] === null || typeof current[step] !== 'object') current[step] = {};
    current = current[step] as Record<string | number, unknown>;
  }
  current[path[path.length - 1]!] = value;
}
