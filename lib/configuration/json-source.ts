import * as path from 'path';
import {
  findNodeAtLocation,
  getNodeValue,
  type Node,
  parseTree,
  printParseErrorCode,
  type ParseError,
} from 'jsonc-parser';
import { ConfigError } from './config-error';
import { readFile } from './file-reading';
import type { JsonPath } from './json-path';
import { MAX_DEPTH, strictJsonProblems } from './strict-json';
import { decodeUtf8 } from './utf8-text';

const UTF8_ALLOWED = 'UTF-8 text: JSON files must be UTF-8 (RFC 8259 section 8.1); save the file as UTF-8';

/** A parsed JSON file that can still say where each of its values sits. */
export class JsonSource {
  /**
   * Reads and parses a file as strict JSON: UTF-8 without a byte order mark, no comments, no
   * trailing commas, no duplicate keys. Throws a ConfigError naming the file for anything else,
   * an I/O error included.
   */
  public static read(file: string, displayRoot: string): JsonSource {
    const display = path.relative(displayRoot, file) || file;
    const read = readFile(file);
    if ('failure' in read)
      throw new ConfigError([
        { file: display, jsonPath: '$', found: read.failure, allowed: 'a JSON file at this path' },
      ]);
    const decoded = decodeUtf8(read.bytes);
    if ('notUtf8' in decoded) {
      const { line, column, found } = decoded.notUtf8;
      throw new ConfigError([{ file: display, jsonPath: '$', line, column, found, allowed: UTF8_ALLOWED }]);
    }
    return JsonSource.parse(decoded.text, display, path.resolve(file));
  }

  /** Parses JSON text; `display` names the text in messages, `file` is where it was read from. */
  public static parse(text: string, display: string, file?: string): JsonSource {
    const source = new JsonSource(text, display, file);
    const problem = (found: string, allowed: string, offset = 0) => ({
      file: display,
      jsonPath: '$',
      ...source.lineColumn(offset),
      found,
      allowed,
    });
    if (text.charCodeAt(0) === 0xfeff) {
      throw new ConfigError([
        problem(
          'a UTF-8 byte order mark (EF BB BF) at the start of the file',
          'UTF-8 without a byte order mark (JSON forbids one: RFC 8259 section 8.1); save the file without it',
        ),
      ]);
    }
    if (text.trim() === '') throw new ConfigError([problem('an empty file', 'a JSON document')]);
    const errors: ParseError[] = [];
    let tree: Node | undefined;
    try {
      tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    } catch (error) {
      // jsonc-parser recurses once per level: some thousands of levels exhaust the stack.
      if (!(error instanceof RangeError)) throw error;
      throw new ConfigError([problem('JSON nested too deeply to parse', `at most ${MAX_DEPTH} levels of nesting`)]);
    }
    if (errors.length > 0 || tree === undefined) {
      const first = errors[0];
      throw new ConfigError([
        problem(
          `malformed JSON (${first ? printParseErrorCode(first.error) : 'no value'})`,
          'strict JSON: double-quoted keys, no comments, no trailing commas',
          first?.offset ?? 0,
        ),
      ]);
    }
    const strictness = strictJsonProblems(tree, text, display, (offset) => source.lineColumn(offset));
    if (strictness.length > 0) throw new ConfigError(strictness);
    source.tree = tree;
    source.parsed = getNodeValue(tree);
    return source;
  }

  public readonly text: string;
  public readonly display: string;
  /** The file it was read from, when it was read from one. */
  public readonly file: string | undefined;
  private tree: Node | undefined;
  private parsed: unknown;
  private lineStarts: number[] | undefined;

  private constructor(text: string, display: string, file: string | undefined) {
    this.text = text;
    this.display = display;
    this.file = file;
  }

  /** The parsed value. Its objects have no prototype (jsonc-parser's getNodeValue): read them, do not mutate them. */
  public get value(): unknown {
    return this.parsed;
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
