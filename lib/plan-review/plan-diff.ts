import { formatAttributePath, type PlannedChange } from './planned-change';
import type { ValueChange } from './terraform-plan';

/**
 * A plan as text, in the shape of Terraform's own output, for a ```diff block: every changed line
 * starts with `+` (added), `-` (removed) or `!` (changed, which GitHub highlights too; Terraform
 * writes `~`). A replacement opens with `-/+` (destroyed first) or `+/-` (create_before_destroy:
 * created first); a resource leaving management (`removed` with destroy = false) opens with `.` and
 * shows its identifying attributes unmarked, as Terraform does: nothing is deleted. Values
 * Terraform marks sensitive are never printed, although `show -json` holds them.
 */

/** Longest string value printed whole; longer ones (user data, policies kept as text) are cut. */
const LONGEST_VALUE = 200;

const UNKNOWN = '(known after apply)';
const SENSITIVE = '(sensitive value)';

type Marker = '+' | '-' | '!' | ' ';

/** The attributes Terraform shows even when unchanged, to tell which object a change is about. */
const IDENTIFYING_ATTRIBUTES = ['id', 'name', 'tags'];

/** One line of a rendered change: its marker, its nesting depth and its text. */
interface Line {
  readonly marker: Marker | '-/+' | '+/-' | '.';
  readonly depth: number;
  readonly text: string;
}

/** The masks Terraform gives beside a value: which parts are unknown until apply, which sensitive. */
interface Masks {
  readonly unknown: unknown;
  readonly beforeSensitive: unknown;
  readonly afterSensitive: unknown;
}

/** Renders one resource change as lines of a diff block: a `#` heading, then the attributes that change. */
export function renderResourceChange(change: PlannedChange): string {
  const { raw } = change;
  const headings = [`# ${change.address} ${headline(change)}`];
  if (change.movedFrom !== undefined && change.kind !== 'noop') headings.push(`# (moved from ${change.movedFrom})`);
  if (
    change.reason !== undefined &&
    (change.kind === 'destroy' || (change.kind === 'replace' && change.forcedBy.length === 0))
  )
    headings.push(`# (because ${change.reason})`);
  if (change.kind === 'forget') headings.push('# (destroy = false is set in the configuration)');
  if (change.kind === 'noop') return headings.join('\n');
  const opening: Line = { marker: openingMarker(change), depth: 0, text: `resource "${raw.type}" "${raw.name}" {` };
  const body = bodyLines(change);
  return [...headings, ...[opening, ...body, { marker: ' ', depth: 0, text: '}' } as Line].map(formatLine)].join('\n');
}

/** Renders the changes of a stack's outputs, or nothing when none changes. */
export function renderOutputChanges(outputs: Readonly<Record<string, ValueChange>>): string {
  const lines: Line[] = [];
  for (const name of Object.keys(outputs).sort()) {
    const change = outputs[name]!;
    if (change.actions.every((a) => a === 'no-op')) continue;
    const masks = {
      unknown: change.after_unknown,
      beforeSensitive: change.before_sensitive,
      afterSensitive: change.after_sensitive,
    };
    if (change.actions.includes('create'))
      lines.push(...oneSided(name, change.after, '+', 1, masks.unknown, masks.afterSensitive));
    else if (change.actions.includes('delete'))
      lines.push(...oneSided(name, change.before, '-', 1, undefined, masks.beforeSensitive));
    else lines.push(...diff(name, change.before, change.after, masks, 1, [], new Set()).lines);
  }
  return lines.length === 0 ? '' : ['# Changes to outputs:', ...lines.map(formatLine)].join('\n');
}

function headline(change: PlannedChange): string {
  const imported = change.importId !== undefined ? ` (imported from id ${JSON.stringify(change.importId)})` : '';
  switch (change.kind) {
    case 'create':
      return `will be created${imported}`;
    case 'update':
      return `will be updated in place${imported}`;
    case 'replace':
      return change.forcedBy.length > 0
        ? `must be replaced (${change.forcedBy.join(', ')} forces replacement)`
        : 'must be replaced';
    case 'destroy':
      return 'will be destroyed';
    case 'forget':
      return 'will no longer be managed by Terraform, but will not be destroyed';
    case 'noop':
      if (change.importId !== undefined)
        return (
          `will be imported from id ${JSON.stringify(change.importId)}, unchanged` +
          (change.movedFrom !== undefined ? `, moved from ${change.movedFrom}` : '')
        );
      return change.movedFrom !== undefined ? `has moved from ${change.movedFrom}, unchanged` : 'is unchanged';
  }
}

function openingMarker(change: PlannedChange): Line['marker'] {
  switch (change.kind) {
    case 'create':
      return '+';
    case 'destroy':
      return '-';
    case 'forget':
      return '.';
    case 'replace':
      return change.createsFirst ? '+/-' : '-/+';
    default:
      return '!';
  }
}

function bodyLines(change: PlannedChange): Line[] {
  const c = change.raw.change;
  const masks: Masks = {
    unknown: c.after_unknown,
    beforeSensitive: c.before_sensitive,
    afterSensitive: c.after_sensitive,
  };
  switch (change.kind) {
    case 'create':
      return objectLines(c.after, '+', 1, masks.unknown, masks.afterSensitive);
    case 'destroy':
      return objectLines(c.before, '-', 1, undefined, masks.beforeSensitive);
    case 'forget':
      return identifyingLines(c.before, masks.beforeSensitive);
    default: {
      const forced = new Set(change.forcedBy);
      return withHidden(diffObject(asObject(c.before), asObject(c.after), masks, 1, [], forced), 1);
    }
  }
}

/** The attributes of one side of a change (created or destroyed), nulls left out as Terraform does. */
function objectLines(value: unknown, marker: Marker, depth: number, unknown: unknown, sensitive: unknown): Line[] {
  const object = asObject(value);
  const unknownKeys = Object.entries(asObject(unknown))
    .filter(([, u]) => u === true)
    .map(([k]) => k);
  const keys = [...new Set([...Object.keys(object), ...unknownKeys])]
    .sort()
    .filter((k) => object[k] !== null || unknownKeys.includes(k));
  const width = Math.max(0, ...keys.map((k) => k.length));
  return keys.flatMap((key) =>
    oneSided(key.padEnd(width), object[key], marker, depth, child(unknown, key), child(sensitive, key)),
  );
}

/** The identifying attributes of an object that stays as it is, unmarked, and how many others are hidden. */
function identifyingLines(value: unknown, sensitive: unknown): Line[] {
  const object = asObject(value);
  const present = Object.keys(object).filter((k) => object[k] !== null);
  const shown = present.filter((k) => IDENTIFYING_ATTRIBUTES.includes(k)).sort();
  const width = Math.max(0, ...shown.map((k) => k.length));
  const lines = shown.flatMap((key) =>
    oneSided(key.padEnd(width), object[key], ' ', 1, undefined, child(sensitive, key)),
  );
  const hidden = present.length - shown.length;
  return hidden === 0 ? lines : [...lines, { marker: ' ', depth: 1, text: hiddenNote(hidden, 'attribute') }];
}

function oneSided(
  key: string,
  value: unknown,
  marker: Marker,
  depth: number,
  unknown: unknown,
  sensitive: unknown,
): Line[] {
  if (unknown === true) return [{ marker, depth, text: `${key} = ${UNKNOWN}` }];
  if (sensitive === true) return [{ marker, depth, text: `${key} = ${SENSITIVE}` }];
  const json = jsonDocument(value);
  if (json !== undefined)
    return [
      { marker, depth, text: `${key} = jsonencode(` },
      ...nested(json, marker, depth + 1, undefined, undefined),
      { marker, depth, text: ')' },
    ];
  if (isObject(value) || Array.isArray(value)) {
    if (Object.keys(value).length === 0 && !hasUnknown(unknown))
      return [{ marker, depth, text: `${key} = ${Array.isArray(value) ? '[]' : '{}'}` }];
    const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
    return [
      { marker, depth, text: `${key} = ${open}` },
      ...nested(value, marker, depth + 1, unknown, sensitive),
      { marker, depth, text: close },
    ];
  }
  return [{ marker, depth, text: `${key} = ${scalar(value)}` }];
}

function nested(value: unknown, marker: Marker, depth: number, unknown: unknown, sensitive: unknown): Line[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, i) =>
      listItem(oneSided('', item, marker, depth, child(unknown, i), child(sensitive, i))),
    );
  }
  if (isObject(value)) return objectLines(value, marker, depth, unknown, sensitive);
  return [{ marker, depth, text: scalar(value) }];
}

/** The lines of one list item, keyless and followed by a comma as Terraform writes them. */
function listItem(lines: Line[]): Line[] {
  return lines.map((line, n) => ({
    ...line,
    text: `${n === 0 ? line.text.replace(/^ = /, '') : line.text}${n === lines.length - 1 ? ',' : ''}`,
  }));
}

/** The lines of an attribute that changes, and how many unchanged attributes were left out. */
/** Lines of a change, and how many unchanged attributes (of an object) or elements (of a list) it hides. */
interface DiffResult {
  readonly lines: Line[];
  readonly hidden: number;
  readonly noun?: 'attribute' | 'element';
}

function diff(
  key: string,
  before: unknown,
  after: unknown,
  masks: Masks,
  depth: number,
  path: (string | number)[],
  forced: ReadonlySet<string>,
): DiffResult {
  const forces = forced.has(formatAttributePath(path)) ? ' # forces replacement' : '';
  const { unknown, beforeSensitive, afterSensitive } = masks;
  if (unknown === true) {
    if (isEmpty(before) || before === '')
      return { lines: [{ marker: '+', depth, text: `${key} = ${UNKNOWN}${forces}` }], hidden: 0 };
    return {
      lines: [
        {
          marker: '!',
          depth,
          text: `${key} = ${beforeSensitive === true ? SENSITIVE : inline(before)} -> ${UNKNOWN}${forces}`,
        },
      ],
      hidden: 0,
    };
  }
  if (beforeSensitive === true || afterSensitive === true) {
    if (equal(before, after) && beforeSensitive === afterSensitive) return { lines: [], hidden: 1 };
    return { lines: [{ marker: '!', depth, text: `${key} = ${SENSITIVE}${forces}` }], hidden: 0 };
  }
  // The provider reads an unset string back as "": Terraform shows "" -> null as unchanged too.
  if ((equal(before, after) || (before === '' && isEmpty(after))) && !hasUnknown(unknown))
    return { lines: [], hidden: 1 };
  if (isEmpty(before))
    return {
      lines: oneSided(key, after, '+', depth, unknown, afterSensitive).map((l, i) =>
        i === 0 ? { ...l, text: l.text + forces } : l,
      ),
      hidden: 0,
    };
  if (isEmpty(after) && !hasUnknown(unknown)) {
    return { lines: [{ marker: '-', depth, text: `${key} = ${inline(before)} -> null${forces}` }], hidden: 0 };
  }
  const beforeJson = jsonDocument(before);
  const afterJson = jsonDocument(after);
  if (beforeJson !== undefined && afterJson !== undefined) {
    const inner = diffValue(
      beforeJson,
      afterJson,
      { unknown: undefined, beforeSensitive: undefined, afterSensitive: undefined },
      depth + 1,
      path,
      new Set(),
    );
    return {
      lines: [
        { marker: '!', depth, text: `${key} = jsonencode(${forces}` },
        ...withHidden(inner, depth + 1),
        { marker: ' ', depth, text: ')' },
      ],
      hidden: 0,
    };
  }
  if ((isObject(before) && isObject(after)) || (Array.isArray(before) && Array.isArray(after))) {
    const [open, close] = Array.isArray(before) ? ['[', ']'] : ['{', '}'];
    const inner = diffValue(before, after, masks, depth + 1, path, forced);
    return {
      lines: [
        { marker: '!', depth, text: `${key} = ${open}${forces}` },
        ...withHidden(inner, depth + 1),
        { marker: ' ', depth, text: close },
      ],
      hidden: 0,
    };
  }
  return {
    lines: [{ marker: '!', depth, text: `${key} = ${inline(before)} -> ${inline(after)}${forces}` }],
    hidden: 0,
  };
}

function diffValue(
  before: unknown,
  after: unknown,
  masks: Masks,
  depth: number,
  path: (string | number)[],
  forced: ReadonlySet<string>,
): DiffResult {
  if (Array.isArray(before) && Array.isArray(after)) {
    if (before.length === after.length) {
      const parts = before.map((b, i) => diff('', b, after[i], childMasks(masks, i), depth, [...path, i], forced));
      return {
        lines: parts.flatMap((p) => p.lines.map((l, n) => (n === 0 ? { ...l, text: l.text.replace(/^ = /, '') } : l))),
        hidden: parts.reduce((s, p) => s + p.hidden, 0),
        noun: 'element',
      };
    }
    // Items added or removed: list what left and what came, as sets (Terraform lines them up the same way for sets).
    const removed = before.filter((b) => !after.some((a) => equal(a, b)));
    const added = after.filter((a) => !before.some((b) => equal(a, b)));
    const lines = [
      ...removed.flatMap((item) => listItem(oneSided('', item, '-', depth, undefined, undefined))),
      ...added.flatMap((item) => listItem(oneSided('', item, '+', depth, undefined, undefined))),
    ];
    return { lines, hidden: before.length - removed.length, noun: 'element' };
  }
  return diffObject(asObject(before), asObject(after), masks, depth, path, forced);
}

function diffObject(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  masks: Masks,
  depth: number,
  path: (string | number)[],
  forced: ReadonlySet<string>,
): DiffResult {
  const unknownKeys = Object.keys(asObject(masks.unknown));
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after), ...unknownKeys])].sort();
  const parts = keys.map((key) => ({
    key,
    ...diff(key, before[key], after[key], childMasks(masks, key), depth, [...path, key], forced),
  }));
  const width = Math.max(0, ...parts.filter((p) => p.lines.length > 0).map((p) => p.key.length));
  return {
    lines: parts.flatMap((p) =>
      p.lines.map((l, n) =>
        n === 0 && l.text.startsWith(`${p.key} `)
          ? { ...l, text: p.key.padEnd(width) + l.text.slice(p.key.length) }
          : l,
      ),
    ),
    hidden: parts.reduce((s, p) => s + p.hidden, 0),
    noun: 'attribute',
  };
}

function withHidden(inner: DiffResult, depth: number): Line[] {
  if (inner.hidden === 0) return inner.lines;
  return [...inner.lines, { marker: ' ', depth, text: hiddenNote(inner.hidden, inner.noun ?? 'attribute') }];
}

function hiddenNote(hidden: number, noun: 'attribute' | 'element'): string {
  return `# (${hidden} unchanged ${noun}${hidden === 1 ? '' : 's'} hidden)`;
}

function formatLine(line: Line): string {
  const gap = ' '.repeat(line.marker.length === 3 ? 1 : 3);
  return `${line.marker}${gap}${'    '.repeat(line.depth)}${line.text}`.trimEnd();
}

function childMasks(masks: Masks, key: string | number): Masks {
  return {
    unknown: child(masks.unknown, key),
    beforeSensitive: child(masks.beforeSensitive, key),
    afterSensitive: child(masks.afterSensitive, key),
  };
}

function child(mask: unknown, key: string | number): unknown {
  if (mask === true) return true;
  if (Array.isArray(mask) && typeof key === 'number') return mask[key];
  if (isObject(mask) && typeof key === 'string') return mask[key];
  return undefined;
}

function hasUnknown(mask: unknown): boolean {
  if (mask === true) return true;
  if (Array.isArray(mask)) return mask.some(hasUnknown);
  if (isObject(mask)) return Object.values(mask).some(hasUnknown);
  return false;
}

function inline(value: unknown): string {
  if (isObject(value) || Array.isArray(value)) {
    const text = JSON.stringify(value);
    return text.length > LONGEST_VALUE
      ? `${text.slice(0, LONGEST_VALUE)}… (${text.length.toLocaleString('en-US')} characters)`
      : text;
  }
  return scalar(value);
}

function scalar(value: unknown): string {
  if (typeof value === 'string') {
    const quoted = JSON.stringify(value);
    return quoted.length > LONGEST_VALUE
      ? `${quoted.slice(0, LONGEST_VALUE)}…" (${value.length.toLocaleString('en-US')} characters)`
      : quoted;
  }
  if (value === undefined || value === null) return 'null';
  return String(value);
}

/** A string holding a JSON object or array (IAM policies, container properties), parsed; undefined otherwise. */
function jsonDocument(value: unknown): unknown {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return isObject(parsed) || Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}

/** Deep equality of JSON values. */
export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && equal(a[k], b[k]));
  }
  return false;
}
