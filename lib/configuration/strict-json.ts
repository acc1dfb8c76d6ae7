import type { Node } from 'jsonc-parser';
import type { ConfigProblem } from './config-error';
import { formatJsonPath, type JsonPath } from './json-path';

/** Deeper than any configuration needs; the checks and merges after parsing recurse this deep. */
export const MAX_DEPTH = 64;

/** Places a character offset of the text at its line and column. */
export type LineColumnOf = (offset: number) => { line: number; column: number };

/**
 * What parses as JSON but would not reach the configuration as written: a key given twice (parsers
 * keep the last), a `__proto__` key (a JavaScript object takes it as its prototype, so its value
 * vanishes), a number JavaScript cannot hold exactly, and nesting deeper than MAX_DEPTH.
 */
export function strictJsonProblems(root: Node, text: string, display: string, at: LineColumnOf): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const problem = (node: Node, path: JsonPath, found: string, allowed: string): void => {
    // A value is placed at its key, as everywhere else: that is where the eye looks.
    const anchor = node.parent?.type === 'property' ? node.parent : node;
    problems.push({ file: display, jsonPath: formatJsonPath(path), ...at(anchor.offset), found, allowed });
  };
  const visit = (node: Node, path: JsonPath): void => {
    if (path.length > MAX_DEPTH) {
      problem(node, path, `a value nested ${path.length} levels deep`, `at most ${MAX_DEPTH} levels of nesting`);
      return;
    }
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        const key = keyNode?.value as string;
        if (seen.has(key))
          problem(
            property,
            [...path, key],
            `the key "${key}" a second time`,
            'each key once per object (JSON parsers silently keep only the last one)',
          );
        else if (key === '__proto__')
          problem(
            property,
            [...path, key],
            'the key "__proto__"',
            'any other key: JavaScript takes "__proto__" as the prototype of the object, so its value would be lost',
          );
        seen.add(key);
        if (valueNode) visit(valueNode, [...path, key]);
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((child, index) => visit(child, [...path, index]));
    } else if (node.type === 'number') {
      const literal = text.slice(node.offset, node.offset + node.length);
      const value = node.value as number;
      if (!Number.isFinite(value))
        problem(node, path, `${literal}, a number too large for a double`, 'a number within ±1.7976931348623157e308');
      else if (/^-?\d+$/.test(literal) && !Number.isSafeInteger(value))
        problem(
          node,
          path,
          `${literal}, an integer too large to be read ` +
            `exactly${String(value) === literal ? '' : ` (it reads as ${value})`}`,
          `an integer from ${Number.MIN_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}: the app reads JSON ` +
            `numbers as doubles`,
        );
    }
  };
  visit(root, []);
  return problems;
}
