import type { JsonObject } from './synthesized-stack';

/**
 * Reading values out of Terraform JSON. A value may be a literal or a `${...}` expression that
 * Terraform evaluates at plan or apply (a reference to another resource, a remote state output);
 * rules treat an expression as unknown, never as compliant by accident.
 */

/** True when the value is, or contains, a Terraform expression. */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/**
 * The blocks of a nested block argument. Terraform JSON accepts one block as an object or any
 * number as an array of objects; cdktf writes single blocks as objects.
 */
export function blocksOf(value: unknown): JsonObject[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/** The first block of a nested block argument, or undefined. */
export function blockOf(value: unknown): JsonObject | undefined {
  return blocksOf(value)[0];
}

/** A boolean argument: Terraform takes `true` and `"true"` alike (the AWS provider types some booleans as strings). */
export function booleanOf(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

/** A list argument: its items, or the single value as a one-item list. */
export function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** True for a plain object. */
export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Renders a value found in the Terraform JSON for a message. */
export function rendered(value: unknown): string {
  if (value === undefined) return 'nothing (not set)';
  const text = JSON.stringify(value);
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

/**
 * Parses a JSON string argument (a policy, container properties); undefined when it is not JSON.
 * Terraform expressions inside its strings may hold unescaped quotes (`${lookup(x, "key")}` is a
 * template, not JSON): they are set aside while parsing and put back, still expressions.
 */
export function parseJsonArgument(value: unknown): unknown {
  if (typeof value !== 'string') return undefined;
  const expressions: string[] = [];
  const masked = maskExpressions(value, expressions);
  try {
    const parsed = JSON.parse(masked) as unknown;
    return expressions.length === 0 ? parsed : restoreExpressions(parsed, expressions);
  } catch {
    return undefined;
  }
}

/**
 * Stands around an expression's index while the JSON is parsed: U+E000, a private-use character,
 * which no Terraform text carries (written as a JSON escape in the masked text).
 */
const MARK = '\uE000';
const EXPRESSION_MARK = new RegExp(`${MARK}tf(\\d+)${MARK}`, 'g');

function maskExpressions(text: string, expressions: string[]): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (!text.startsWith('${', i)) {
      out += text[i];
      continue;
    }
    const end = expressionEnd(text, i + 2);
    if (end < 0) return text;
    out += `\\uE000tf${expressions.push(text.slice(i, end)) - 1}\\uE000`;
    i = end - 1;
  }
  return out;
}

/** The index just past the `}` closing an expression whose body starts at `from`; -1 when unclosed. */
function expressionEnd(text: string, from: number): number {
  let depth = 1;
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (c === '"') {
      for (j++; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\') j++;
        else if (text.startsWith('${', j)) {
          const end = expressionEnd(text, j + 2);
          if (end < 0) return -1;
          j = end - 1;
        }
      }
    } else if (c === '{') {
      depth++;
    } else if (c === '}' && --depth === 0) {
      return j + 1;
    }
  }
  return -1;
}

function restoreExpressions(value: unknown, expressions: readonly string[]): unknown {
  if (typeof value === 'string') return value.replace(EXPRESSION_MARK, (_m, i: string) => expressions[Number(i)]!);
  if (Array.isArray(value)) return value.map((item) => restoreExpressions(item, expressions));
  if (isObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restoreExpressions(v, expressions)]));
  return value;
}

/** The part of a string outside `${...}` expressions: wildcards inside a reference are not wildcards. */
export function literalText(value: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < value.length; i++) {
    if (value.startsWith('${', i)) {
      depth++;
      i++;
    } else if (depth > 0 && value[i] === '{') {
      depth++;
    } else if (depth > 0 && value[i] === '}') {
      depth--;
    } else if (depth === 0) {
      out += value[i];
    }
  }
  return out;
}
