import {
  type DependencyReference,
  dependencyReferences,
  resolveDependencyReferences,
} from '../configuration/placeholders';

/** Every upstream output the strings of `value` read, as module -> output names. */
export function referencedOutputs(value: unknown): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  visitStrings(value, (text) => {
    for (const reference of dependencyReferences(text)) {
      if (!out.has(reference.module)) out.set(reference.module, new Set());
      out.get(reference.module)!.add(reference.output);
    }
  });
  return out;
}

/** Stands around a resolved reference's index while the rest is escaped: U+E000, a private-use character. */
const TOKEN_MARK = '\uE000';
const MARKED_TOKEN = new RegExp(`${TOKEN_MARK}(\\d+)${TOKEN_MARK}`, 'g');

/**
 * Fills `{dependency.*}` placeholders in every string of `value` with what `resolve` returns
 * (remote state reads, or mocks offline) and escapes Terraform template syntax in the rest:
 * a shell `${VAR}` in a container command must reach AWS as written, not be interpolated.
 */
export function resolveDependencyPlaceholders<T>(value: T, resolve: (reference: DependencyReference) => string): T {
  return mapStrings(value, (text) => {
    const tokens: string[] = [];
    const marked = resolveDependencyReferences(text, (reference) => {
      tokens.push(resolve(reference));
      return `${TOKEN_MARK}${tokens.length - 1}${TOKEN_MARK}`;
    });
    return escapeTemplateSyntax(marked).replace(MARKED_TOKEN, (_whole, i: string) => tokens[Number(i)]!);
  }) as T;
}

/** Escapes `${` and `%{` so Terraform reads them literally. */
export function escapeTemplateSyntax(text: string): string {
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

function visitStrings(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) value.forEach((item) => visitStrings(item, visit));
  else if (value !== null && typeof value === 'object')
    Object.values(value).forEach((item) => visitStrings(item, visit));
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, map)]));
  return value;
}
