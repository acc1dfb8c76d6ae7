import type { core, ZodType } from 'zod';
import { closestMatch } from './closest-match';
import { type ConfigProblem, renderFound } from './config-error';
import type { JsonPath } from './json-path';

/** Turns a located value into a problem: implemented by whatever knows where values came from. */
export type ProblemLocator = (path: JsonPath, found: string, allowed: string) => ConfigProblem;

/** Translates zod issues into problems that say what was found and what is allowed. */
export function problemsFromZod(
  issues: readonly core.$ZodIssue[],
  schema: ZodType,
  locate: ProblemLocator,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const path = issue.path as (string | number)[];
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = knownKeysAt(schema, path);
        for (const key of issue.keys) {
          const suggestion = closestMatch(key, known);
          const allowed =
            known.length > 0
              ? `${suggestion ? `"${suggestion}" (closest match), or one of: ` : 'one of: '}${known.join(', ')}`
              : 'no other keys here';
          problems.push(locate([...path, key], `unknown key "${key}"`, allowed));
        }
        break;
      }
      case 'invalid_union': {
        // A discriminated union (such as a state machine's `pattern`) names its choices; show the value, not
        // the whole object.
        const { discriminator, options } = issue as { discriminator?: string; options?: readonly unknown[] };
        if (discriminator !== undefined && options !== undefined) {
          const value =
            typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[discriminator] : input;
          problems.push(locate(path, renderFound(value), `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`));
        } else {
          problems.push(locate(path, renderFound(input), describeUnion(issue)));
        }
        break;
      }
      default:
        problems.push(locate(path, renderFound(input), allowedFor(issue)));
    }
  }
  return problems;
}

function allowedFor(issue: core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return 'an integer';
      // z.never() marks a key that must not be there; its message says why and what to do instead.
      if (issue.expected === 'never') return issue.message;
      return `${article(issue.expected)} ${issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? JSON.stringify(issue.values[0])
        : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return bound(issue.origin, '>=', '>', issue.minimum, issue.inclusive, 'at least');
    case 'too_big':
      return bound(issue.origin, '<=', '<', issue.maximum, issue.inclusive, 'at most');
    case 'invalid_key':
      // A record key: what its own schema allows, such as a Terraform name.
      return issue.issues.map((inner) => allowedFor(inner)).join(' and ') || issue.message;
    default:
      // Refinements and formats carry their own message, written to say what is allowed.
      return issue.message;
  }
}

function bound(
  origin: string,
  inclusiveOp: string,
  exclusiveOp: string,
  limit: number | bigint,
  inclusive: boolean | undefined,
  words: string,
): string {
  if (origin === 'array' || origin === 'set') return `${words} ${limit} item${Number(limit) === 1 ? '' : 's'}`;
  if (origin === 'string') return `${words} ${limit} character${Number(limit) === 1 ? '' : 's'}`;
  return `a number ${inclusive === false ? exclusiveOp : inclusiveOp} ${limit}`;
}

function describeUnion(issue: core.$ZodIssueInvalidUnion): string {
  const alternatives = issue.errors
    .map((branch) => branch.map((inner) => allowedFor(inner)).join(' and '))
    .filter((s) => s.length > 0);
  return alternatives.length > 0 ? [...new Set(alternatives)].join(', or ') : issue.message;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

/** Keys the strict object schema at `path` accepts, unwrapping optional/default/array/record/pipe layers. */
export function knownKeysAt(schema: ZodType, path: JsonPath): string[] {
  let node: unknown = schema;
  for (const segment of [...path, null]) {
    node = unwrap(node);
    const def = defOf(node);
    if (!def) return [];
    if (segment === null) return def.type === 'object' ? Object.keys(def.shape as object).sort() : [];
    if (def.type === 'object') node = (def.shape as Record<string, unknown>)[segment as string];
    else if (def.type === 'array') node = def.element;
    else if (def.type === 'record') node = def.valueType;
    else return [];
  }
  return [];
}

function unwrap(node: unknown): unknown {
  for (let def = defOf(node); def; def = defOf(node)) {
    if (
      ['optional', 'default', 'nullable', 'prefault', 'readonly', 'nonoptional', 'catch'].includes(def.type as string)
    )
      node = def.innerType;
    else if (def.type === 'pipe') node = def.in;
    else if (def.type === 'lazy') node = (def.getter as () => unknown)();
    else break;
  }
  return node;
}

function defOf(node: unknown): Record<string, unknown> | undefined {
  return (node as { _zod?: { def?: Record<string, unknown> } } | undefined)?._zod?.def;
}
