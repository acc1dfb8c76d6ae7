import * as fs from 'fs';
import * as path from 'path';
import { findNodeAtLocation, type Node, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ConfigError, type ConfigProblem } from './config-error';
import { formatJsonPath, type JsonPath } from './json-path';

/** A parsed JSON file that can still say where each of its values sits. */
export class JsonSource {
  /** Reads and parses a file as strict JSON: no comments, no trailing commas, no duplicate keys. */
  public static read(file: string, displayRoot: string): JsonSource {
    const display = path.relative(displayRoot, file) || file;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      throw new ConfigError([
        { file: display, jsonPath: '$', found: 'no such file', allowed: 'a JSON file at this path' },
      ]);
    }
    if (!stat.isFile()) {
      throw new ConfigError([
        { file: display, jsonPath: '$', found: 'a directory', allowed: 'a JSON file at this path' },
      ]);
    }
    return JsonSource.parse(fs.readFileSync(file, 'utf8'), display);
  }

  /** Parses JSON text; `display` names the text in messages. */
  public static parse(text: string, display: string): JsonSource {
    const source = new JsonSource(text, display);
    if (text.trim() === '') {
      throw new ConfigError([
        { file: display, jsonPath: '$', line: 1, column: 1, found: 'an empty file', allowed: 'a JSON document' },
      ]);
    }
    const errors: ParseError[] = [];
    const tree = parseTree(text, errors, {
      disallowComments: true,
      allowTrailingComma: false,
      allowEmptyContent: false,
    });
    if (errors.length > 0 || tree === undefined) {
      const first = errors[0];
      const where = source.lineColumn(first?.offset ?? 0);
      throw new ConfigError([
        {
          file: display,
          jsonPath: '$',
          ...where,
          found: `malformed JSON (${first ? printParseErrorCode(first.error) : 'no value'})`,
          allowed: 'strict JSON: double-quoted keys, no comments, no trailing commas',
        },
      ]);
    }
    source.tree = tree;
    const duplicates = source.findDuplicateKeys(tree, []);
    if (duplicates.length > 0) throw new ConfigError(duplicates);
    return source;
  }

  public readonly text: string;
  public readonly display: string;
  private tree: Node | undefined;
  private lineStarts: number[] | undefined;

  private constructor(text: string, display: string) {
    this.text = text;
    this.display = display;
  }

  /** The parsed value. */
  public get value(): unknown {
    return this.tree === undefined ? undefined : nodeValue(this.tree);
  }

  /** Line and column of the value at `jsonPath`, or of its nearest existing parent. */
  public locate(jsonPath: JsonPath): { line: number; column: number } | undefined {
    if (this.tree === undefined) return undefined;
    for (let depth = jsonPath.length; depth >= 0; depth--) {
      const node = findNodeAtLocation(this.tree, [...jsonPath.slice(0, depth)]);
      if (node) {
        // For a key's value, point at the key: that is where the eye looks.
        const anchor = node.parent?.type === 'property' ? node.parent : node;
        return this.lineColumn(anchor.offset);
      }
    }
    return undefined;
  }

  private findDuplicateKeys(node: Node, at: (string | number)[]): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        const key = keyNode?.value as string;
        if (seen.has(key)) {
          problems.push({
            file: this.display,
            jsonPath: formatJsonPath([...at, key]),
            ...this.lineColumn(property.offset),
            found: `the key "${key}" a second time`,
            allowed: 'each key once per object (JSON parsers silently keep only the last one)',
          });
        }
        seen.add(key);
        if (valueNode) problems.push(...this.findDuplicateKeys(valueNode, [...at, key]));
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((child, index) => problems.push(...this.findDuplicateKeys(child, [...at, index])));
    }
    return problems;
  }

  private lineColumn(offset: number): { line: number; column: number } {
    if (this.lineStarts === undefined) {
      this.lineStarts = [0];
      for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.lineStarts[low]! + 1 };
  }
}

function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (keyNode && valueNode) out[keyNode.value as string] = nodeValue(valueNode);
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}
