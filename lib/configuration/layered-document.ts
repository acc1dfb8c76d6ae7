import type { ConfigProblem } from './config-error';
import { renderFound } from './config-error';
import { formatJsonPath, isPathPrefix, type JsonPath } from './json-path';
import type { JsonSource } from './json-source';

/** Where a merged value was written from. */
interface Origin {
  readonly mergedPath: JsonPath;
  readonly source: JsonSource;
  readonly pathInFile: JsonPath;
}

/**
 * Configuration merged from several JSON layers, each value remembering the file that set it.
 *
 * Merge rules: a later (more specific) layer wins; objects merge key by key, recursively; arrays
 * and scalars are replaced whole; `null` removes the key set by an earlier layer. An object
 * merged over a value that is not one is a conflict: the earlier value would vanish unchecked.
 */
export class LayeredDocument {
  private readonly root: Record<string, unknown> = {};
  private readonly origins: Origin[] = [];
  private readonly fallback: JsonSource;
  private readonly conflicts: ConfigProblem[] = [];

  /** `fallback` is blamed for values nobody set, such as a missing required key. */
  public constructor(fallback: JsonSource) {
    this.fallback = fallback;
  }

  /** The merged value. */
  public get value(): Record<string, unknown> {
    return this.root;
  }

  /** Merges `layer` (found at `pathInFile` inside `source`) into the document at `mergedPath`. */
  public merge(layer: unknown, source: JsonSource, pathInFile: JsonPath = [], mergedPath: JsonPath = []): void {
    if (!isPlainObject(layer)) throw new Error('a configuration layer must be a JSON object');
    const target = this.ensureObjectAt(mergedPath, source, pathInFile);
    this.mergeInto(target, layer, source, pathInFile, mergedPath);
  }

  /** Each place where a layer merged an object over an earlier layer's value that is not an object. */
  public get problems(): readonly ConfigProblem[] {
    return this.conflicts;
  }

  /** Builds a problem for the value at `mergedPath`, pointing at the file and line that set it. */
  public problemAt(mergedPath: JsonPath, found: string, allowed: string): ConfigProblem {
    const origin = this.originOf(mergedPath);
    const pathInFile = origin ? [...origin.pathInFile, ...mergedPath.slice(origin.mergedPath.length)] : mergedPath;
    const source = origin?.source ?? this.fallback;
    return { file: source.display, jsonPath: formatJsonPath(pathInFile), ...source.locate(pathInFile), found, allowed };
  }

  /** The file that set the value at `mergedPath` (the fallback when nobody did). */
  public sourceAt(mergedPath: JsonPath): JsonSource {
    return this.originOf(mergedPath)?.source ?? this.fallback;
  }

  /** The value currently at `mergedPath`, rendered for a message. */
  public renderValueAt(mergedPath: JsonPath): string {
    let node: unknown = this.root;
    for (const segment of mergedPath) {
      if (node === null || typeof node !== 'object') return renderFound(undefined);
      node = (node as Record<string | number, unknown>)[segment];
    }
    return renderFound(node);
  }

  private originOf(mergedPath: JsonPath): Origin | undefined {
    let best: Origin | undefined;
    for (const origin of this.origins) {
      if (isPathPrefix(origin.mergedPath, mergedPath) && (!best || origin.mergedPath.length >= best.mergedPath.length))
        best = origin;
    }
    return best;
  }

  private ensureObjectAt(mergedPath: JsonPath, source: JsonSource, pathInFile: JsonPath): Record<string, unknown> {
    let node = this.root;
    mergedPath.forEach((segment, i) => {
      const next = node[segment as string];
      if (!isPlainObject(next)) {
        node[segment as string] = {};
        this.origins.push({ mergedPath: mergedPath.slice(0, i + 1), source, pathInFile });
      }
      node = node[segment as string] as Record<string, unknown>;
    });
    return node;
  }

  private mergeInto(
    target: Record<string, unknown>,
    layer: Record<string, unknown>,
    source: JsonSource,
    pathInFile: JsonPath,
    mergedPath: JsonPath,
  ): void {
    for (const [key, incoming] of Object.entries(layer)) {
      const childMerged = [...mergedPath, key];
      const childInFile = [...pathInFile, key];
      if (incoming === null) {
        delete target[key];
        this.origins.push({ mergedPath: childMerged, source, pathInFile: childInFile });
      } else if (isPlainObject(incoming) && isPlainObject(target[key])) {
        this.mergeInto(target[key] as Record<string, unknown>, incoming, source, childInFile, childMerged);
      } else {
        if (isPlainObject(incoming) && target[key] !== undefined)
          this.conflicts.push(
            this.problemAt(
              childMerged,
              renderFound(target[key]),
              `an object: ${source.display} merges one over it (${formatJsonPath(childInFile)})`,
            ),
          );
        target[key] = structuredClone(incoming);
        this.origins.push({ mergedPath: childMerged, source, pathInFile: childInFile });
      }
    }
  }
}

/** True for `{...}` JSON objects (not arrays, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
