import type { AttributeChange } from './attribute-changes';
import type { SchemaBlock } from './provider-schema';

/**
 * The value that keeps an attribute as the existing object has it, in configuration form: the
 * state's value, with what the state records for arguments never given ("" and null) left
 * unset, and, inside blocks, only the arguments a configuration may set (computed-only ones
 * would be refused). A block absent from the object is kept as no block at all (`[]`).
 */
export function keptValue(schema: SchemaBlock | undefined, attribute: string, stateValue: unknown): unknown {
  const [top, nested] = attribute.split('.') as [string, string | undefined];
  const outer = schema?.block_types?.[top];
  if (nested !== undefined) {
    const inner = outer?.block;
    if (inner?.block_types?.[nested]) return blockValue(inner.block_types[nested].block, stateValue);
    return attributeValue(stateValue);
  }
  if (outer) return blockValue(outer.block, stateValue);
  return attributeValue(stateValue);
}

function attributeValue(value: unknown): unknown {
  if (value === '' || value === undefined) return null;
  return value;
}

function blockValue(schema: SchemaBlock, value: unknown): unknown[] {
  const list = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
  return list.map((element) => {
    const e = (element ?? {}) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [name, attribute] of Object.entries(schema.attributes ?? {})) {
      if (!(attribute.optional || attribute.required)) continue;
      const v = e[name];
      // Zero values the state records for arguments never given; validation may refuse them (a throughput of 0).
      if (v === undefined || v === null || v === '' || (v === 0 && !attribute.required)) continue;
      out[name] = v;
    }
    for (const [name, nested] of Object.entries(schema.block_types ?? {})) {
      const kept = blockValue(nested.block, e[name]);
      if (kept.length > 0) out[name] = kept;
    }
    return out;
  });
}

/** The keep settings of one adopted resource: each change that would be made, kept as the object has it. */
export function keepSettings(
  schema: SchemaBlock | undefined,
  changes: readonly AttributeChange[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const change of changes) out[change.attribute] = keptValue(schema, change.attribute, change.before);
  return out;
}
