import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import {
  containsMarker,
  describe,
  type HclObject,
  HclEvaluationError,
  type HclValue,
  hclToString,
  isHclObject,
  Untranslatable,
} from './hcl-values';

/** A Terraform function over evaluated arguments; `where` names the call, `dir` is what relative paths start from. */
type HclFunction = (args: HclValue[], where: string, dir: string) => HclValue;

const str = (v: HclValue, where: string): string => hclToString(v, where);
const list = (v: HclValue, where: string): HclValue[] => {
  if (Array.isArray(v)) return v;
  throw new HclEvaluationError(`${where}: a list is needed, found ${describe(v)}`);
};
const object = (v: HclValue, where: string): HclObject => {
  if (isHclObject(v)) return v;
  throw new HclEvaluationError(`${where}: a map or object is needed, found ${describe(v)}`);
};

/** The Terraform functions Terragrunt configurations commonly use; the rest are reported, never guessed. */
const FUNCTIONS: Readonly<Record<string, HclFunction>> = {
  merge: (args, where) =>
    Object.assign({}, ...args.filter((a) => a !== null).map((a) => object(a, where))) as HclObject,
  lookup: (args, where) => {
    const map = object(args[0]!, where);
    const key = str(args[1]!, where);
    if (key in map) return map[key]!;
    if (args.length > 2) return args[2]!;
    throw new HclEvaluationError(`${where}: no key "${key}"`);
  },
  concat: (args, where) => args.flatMap((a) => list(a, where)),
  flatten: (args, where) => {
    const out: HclValue[] = [];
    const walk = (v: HclValue): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else out.push(v);
    };
    walk(list(args[0]!, where));
    return out;
  },
  distinct: (args, where) =>
    list(args[0]!, where).filter((v, i, all) => all.findIndex((w) => JSON.stringify(w) === JSON.stringify(v)) === i),
  compact: (args, where) => list(args[0]!, where).filter((v) => v !== null && v !== ''),
  contains: (args, where) => list(args[0]!, where).some((v) => JSON.stringify(v) === JSON.stringify(args[1])),
  element: (args, where) => {
    const l = list(args[0]!, where);
    return l[Number(args[1]) % l.length]!;
  },
  length: (args, where) => {
    const v = args[0]!;
    if (typeof v === 'string') return [...v].length;
    if (Array.isArray(v)) return v.length;
    return Object.keys(object(v, where)).length;
  },
  keys: (args, where) => Object.keys(object(args[0]!, where)).sort(),
  values: (args, where) => {
    const o = object(args[0]!, where);
    return Object.keys(o)
      .sort()
      .map((k) => o[k]!);
  },
  zipmap: (args, where) => {
    const k = list(args[0]!, where);
    const v = list(args[1]!, where);
    return Object.fromEntries(k.map((key, i) => [str(key, where), v[i]!])) as HclObject;
  },
  coalesce: (args, where) => {
    const found = args.find((a) => a !== null && a !== '');
    if (found === undefined) throw new HclEvaluationError(`${where}: no non-null, non-empty argument`);
    return found;
  },
  join: (args, where) =>
    list(args[1]!, where)
      .map((v) => str(v, where))
      .join(str(args[0]!, where)),
  split: (args, where) => str(args[1]!, where).split(str(args[0]!, where)),
  lower: (args, where) => str(args[0]!, where).toLowerCase(),
  upper: (args, where) => str(args[0]!, where).toUpperCase(),
  title: (args, where) => str(args[0]!, where).replace(/\b\w/g, (c) => c.toUpperCase()),
  trimspace: (args, where) => str(args[0]!, where).trim(),
  trimprefix: (args, where) => {
    const s = str(args[0]!, where);
    const p = str(args[1]!, where);
    return s.startsWith(p) ? s.slice(p.length) : s;
  },
  trimsuffix: (args, where) => {
    const s = str(args[0]!, where);
    const p = str(args[1]!, where);
    return p !== '' && s.endsWith(p) ? s.slice(0, -p.length) : s;
  },
  startswith: (args, where) => str(args[0]!, where).startsWith(str(args[1]!, where)),
  endswith: (args, where) => str(args[0]!, where).endsWith(str(args[1]!, where)),
  substr: (args, where) => {
    const s = [...str(args[0]!, where)];
    const offset = Number(args[1]);
    const length = Number(args[2]);
    return s.slice(offset, length < 0 ? undefined : offset + length).join('');
  },
  replace: (args, where) => {
    const [s, search, replacement] = [str(args[0]!, where), str(args[1]!, where), str(args[2]!, where)];
    // Terraform: a search string in slashes is a regular expression (RE2; JavaScript's is close enough for the patterns
    // configs use).
    if (search.length > 1 && search.startsWith('/') && search.endsWith('/'))
      return s.replace(new RegExp(search.slice(1, -1), 'g'), replacement.replace(/\$\{(\d+)\}/g, '$$$1'));
    return s.split(search).join(replacement);
  },
  format: (args, where) => {
    let i = 1;
    return str(args[0]!, where).replace(/%(%|[-+ #0]*\d*(?:\.\d+)?[sdvqft])/g, (spec) => {
      if (spec === '%%') return '%';
      const value = args[i++];
      if (value === undefined) throw new HclEvaluationError(`${where}: not enough arguments for the format`);
      if (spec.endsWith('q')) return JSON.stringify(str(value, where));
      if (spec.endsWith('v') && typeof value === 'object') return JSON.stringify(value);
      return pad(spec, spec.endsWith('d') ? String(Math.trunc(Number(value))) : str(value, where));
    });
  },
  tostring: (args, where) => (args[0] === null ? null : str(args[0]!, where)),
  tonumber: (args, where) => {
    const n = Number(args[0]);
    if (Number.isNaN(n)) throw new HclEvaluationError(`${where}: not a number: ${describe(args[0]!)}`);
    return n;
  },
  tobool: (args) => args[0] === true || args[0] === 'true',
  tolist: (args, where) => list(args[0]!, where),
  toset: (args, where) =>
    [...new Map(list(args[0]!, where).map((v) => [JSON.stringify(v), v])).values()].sort((a, b) =>
      JSON.stringify(a) < JSON.stringify(b) ? -1 : 1,
    ),
  tomap: (args, where) => object(args[0]!, where),
  jsonencode: (args, where) => {
    if (containsMarker(args[0]!)) throw new HclEvaluationError(`${where}: jsonencode of a value not known statically`);
    // Terraform writes an object's keys in lexical order.
    return JSON.stringify(sortedKeys(args[0]!));
  },
  jsondecode: (args, where) => JSON.parse(str(args[0]!, where)) as HclValue,
  abspath: (args, where) => path.resolve(str(args[0]!, where)),
  dirname: (args, where) => path.dirname(str(args[0]!, where)),
  basename: (args, where) => path.basename(str(args[0]!, where)),
  file: (args, where, dir) => readText(path.resolve(dir, str(args[0]!, where)), where),
  fileexists: (args, where, dir) => fs.existsSync(path.resolve(dir, str(args[0]!, where))),
  filebase64: (args, where, dir) => {
    const file = path.resolve(dir, str(args[0]!, where));
    readText(file, where);
    return fs.readFileSync(file).toString('base64');
  },
  yamldecode: (args, where) => {
    try {
      return parseYaml(str(args[0]!, where)) as HclValue;
    } catch (error) {
      throw new HclEvaluationError(`${where}: not YAML: ${(error as Error).message.split('\n')[0]}`);
    }
  },
  yamlencode: (args, where) => {
    if (containsMarker(args[0]!)) throw new HclEvaluationError(`${where}: yamlencode of a value not known statically`);
    return stringifyYaml(args[0]);
  },
  base64encode: (args, where) => Buffer.from(str(args[0]!, where), 'utf8').toString('base64'),
  base64decode: (args, where) => Buffer.from(str(args[0]!, where), 'base64').toString('utf8'),
};

/**
 * Calls a Terraform function; one the migration does not know yields an Untranslatable naming it.
 * Relative paths start from `dir`, the folder of the file being evaluated, as in Terragrunt.
 */
export function callFunction(name: string, args: HclValue[], where: string, dir: string): HclValue {
  const fn = FUNCTIONS[name];
  if (!fn) return new Untranslatable(`the function ${name}() is not supported by the migration (${where})`);
  const marker = args.find((a) => a instanceof Untranslatable);
  if (marker) return marker;
  // Functions that only move values around keep the markers inside; the others need every value.
  if (
    ![
      'merge',
      'concat',
      'lookup',
      'coalesce',
      'tolist',
      'tomap',
      'flatten',
      'element',
      'keys',
      'length',
      'values',
    ].includes(name) &&
    args.some(containsMarker)
  ) {
    return new Untranslatable(`${where}: ${name}() of a value known only once a dependency is applied`);
  }
  return fn(args, where, dir);
}

/** A file's text, or an error naming it. */
export function readText(file: string, where: string): string {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile())
    throw new HclEvaluationError(`${where}: no such file ${file}`);
  return fs.readFileSync(file, 'utf8');
}

/** A formatted value padded as a `%5s` or `%03d` verb says (Go's fmt, which Terraform's format uses). */
function pad(spec: string, text: string): string {
  const flags = /^%([-+ #0]*)(\d*)/.exec(spec)!;
  const width = Number(flags[2] || 0);
  if (text.length >= width) return text;
  if (flags[1]!.includes('-')) return text.padEnd(width, ' ');
  if (flags[1]!.includes('0') && /d$/.test(spec)) {
    const negative = text.startsWith('-');
    return (negative ? '-' : '') + (negative ? text.slice(1) : text).padStart(width - (negative ? 1 : 0), '0');
  }
  return text.padStart(width, ' ');
}

/** A value with every object's keys in lexical order. */
function sortedKeys(value: HclValue): HclValue {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (isHclObject(value))
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortedKeys(value[k]!)]),
    ) as HclObject;
  return value;
}
