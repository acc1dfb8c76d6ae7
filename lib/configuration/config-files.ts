import * as path from 'path';
import { type Checked, checked, failed } from './checked';
import { ConfigError, renderFound } from './config-error';
import { JsonSource } from './json-source';
import { isPlainObject } from './layered-document';

/**
 * The JSON files of one load, each read and parsed once. A file's problems come back every time
 * it is asked for, so every environment that shares a broken file stops at it (one message, the
 * same for each: the loader reports it once) instead of going on without it.
 */
export class ConfigFiles {
  private readonly objects = new Map<string, Checked<JsonSource>>();

  /** `displayRoot` is the folder messages name files relative to. */
  public constructor(private readonly displayRoot: string) {}

  /** How messages name `file`. */
  public display(file: string): string {
    return path.relative(this.displayRoot, file) || file;
  }

  /** A file holding one JSON object, read, parsed and checked once. */
  public object(file: string): Checked<JsonSource> {
    let result = this.objects.get(file);
    if (result === undefined) {
      result = this.readObject(file);
      this.objects.set(file, result);
    }
    return result;
  }

  private readObject(file: string): Checked<JsonSource> {
    let source: JsonSource;
    try {
      source = JsonSource.read(file, this.displayRoot);
    } catch (error) {
      if (error instanceof ConfigError) return failed(error.problems);
      throw error;
    }
    if (isPlainObject(source.value)) return checked(source);
    return failed([
      {
        file: source.display,
        jsonPath: '$',
        line: 1,
        column: 1,
        found: renderFound(source.value),
        allowed: 'a JSON object',
      },
    ]);
  }
}
