import * as fs from 'fs';
import * as path from 'path';

/** One place where the two synthesized outputs differ. */
export interface SynthDifference {
  /** The file, relative to the output folder, such as stacks/dev-sqs/cdk.tf.json. */
  readonly file: string;
  /** The JSON path of the value, such as $.resource.aws_sqs_queue.core_queue.tags, or "(the whole file)". */
  readonly path: string;
  /** What the cdktf build has there (undefined when it has nothing there). */
  readonly cdktf: unknown;
  /** What the CDK Terrain build has there (undefined when it has nothing there). */
  readonly cdktn: unknown;
}

/** How two synthesized outputs compare. */
export interface SynthComparison {
  /** Files compared (present on either side). */
  readonly files: number;
  /** Differences in metadata, which the frameworks may record differently: their own version. */
  readonly allowed: readonly SynthDifference[];
  /** Every other difference: the switch would change what Terraform is given. */
  readonly failures: readonly SynthDifference[];
}

const WHOLE_FILE = '(the whole file)';

/**
 * Compares a cdktf synth output folder with a CDK Terrain one: every file present on both sides, JSON
 * parsed (layout and key order are not differences), anything else byte for byte. Only metadata may
 * differ: a stack's `//.metadata` and manifest.json's `version`, where each framework records itself.
 */
export function compareSynthOutputs(cdktfDir: string, cdktnDir: string): SynthComparison {
  const files = [...new Set([...filesUnder(cdktfDir), ...filesUnder(cdktnDir)])].sort();
  const differences: SynthDifference[] = [];
  for (const file of files) {
    const [left, right] = [cdktfDir, cdktnDir].map((dir) => {
      const full = path.join(dir, file);
      return fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : undefined;
    });
    if (left === undefined || right === undefined) {
      differences.push({
        file,
        path: WHOLE_FILE,
        cdktf: left ? 'present' : 'missing',
        cdktn: right ? 'present' : 'missing',
      });
    } else if (file.endsWith('.json')) {
      const [a, b] = [left, right].map(parsedOrText);
      if (typeof a === 'string' || typeof b === 'string') {
        if (left !== right) differences.push({ file, path: WHOLE_FILE, cdktf: a, cdktn: b });
      } else {
        for (const [at, cdktf, cdktn] of jsonDifferences(a.value, b.value, []))
          differences.push({ file, path: jsonPath(at), cdktf, cdktn });
      }
    } else if (left !== right) {
      differences.push({ file, path: WHOLE_FILE, cdktf: left.slice(0, 200), cdktn: right.slice(0, 200) });
    }
  }
  return {
    files: files.length,
    allowed: differences.filter(isMetadata),
    failures: differences.filter((d) => !isMetadata(d)),
  };
}

/** `$` followed by `.name` for plain names, `["name"]` for any other key and `[index]` for array items. */
export function jsonPath(at: readonly (string | number)[]): string {
  return (
    '$' +
    at
      .map((key) =>
        typeof key === 'number' ? `[${key}]` : /^[A-Za-z_][\w]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`,
      )
      .join('')
  );
}

function isMetadata(difference: SynthDifference): boolean {
  if (path.basename(difference.file) === 'manifest.json') return difference.path === '$.version';
  return difference.path === '$["//"].metadata' || difference.path.startsWith('$["//"].metadata.');
}

/** Where `a` and `b` differ, in `a`'s key order, then keys only `b` has: [path, a's value, b's value]. */
function jsonDifferences(a: unknown, b: unknown, at: (string | number)[]): [(string | number)[], unknown, unknown][] {
  if (Array.isArray(a) && Array.isArray(b)) {
    return Array.from({ length: Math.max(a.length, b.length) }, (_, i) =>
      jsonDifferences(a[i], b[i], [...at, i]),
    ).flat();
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...Object.keys(a), ...Object.keys(b).filter((key) => !(key in a))];
    return keys.flatMap((key) => jsonDifferences(a[key], b[key], [...at, key]));
  }
  // Scalars, or containers of different kinds (an object where the other has an array).
  return a === b ? [] : [[at, a, b]];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parsedOrText(text: string): { value: unknown } | string {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return `not JSON: ${text.slice(0, 200)}`;
  }
}

function filesUnder(dir: string, relative = ''): string[] {
  return fs.readdirSync(path.join(dir, relative), { withFileTypes: true }).flatMap((entry) => {
    const name = path.posix.join(relative, entry.name);
    if (entry.isDirectory()) return entry.name === '.terraform' ? [] : filesUnder(dir, name);
    return entry.isFile() ? [name] : [];
  });
}
