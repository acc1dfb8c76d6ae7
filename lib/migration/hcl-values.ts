/**
 * The values a Terragrunt expression evaluates to: JSON values, plus two markers for what no
 * static reading can know. The migration translates the first kind, maps the second to the
 * stack graph, and reports the third.
 */
export type HclValue = string | number | boolean | null | HclValue[] | HclObject | DependencyOutput | Untranslatable;

/** An HCL object or map. */
export interface HclObject {
  [key: string]: HclValue;
}

/** `dependency.<name>.outputs.<path>`: an upstream unit's output, known only once that unit is applied. */
export class DependencyOutput {
  public constructor(
    /** Name of the dependency block. */
    public readonly dependency: string,
    /** Output name, then keys or indexes into it. */
    public readonly path: readonly (string | number)[],
  ) {}

  /** As written in HCL, for messages. */
  public toString(): string {
    const steps = this.path.map((p) =>
      typeof p === 'number' ? `[${p}]` : /^[A-Za-z_][A-Za-z0-9_-]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`,
    );
    return `dependency.${this.dependency}.outputs${steps.join('')}`;
  }
}

/** A value the migration cannot compute without running something (an AWS call, a command), and why. */
export class Untranslatable {
  public constructor(
    /** Why, such as "get_aws_account_id() needs AWS credentials". */
    public readonly reason: string,
  ) {}
}

/** An expression that is wrong (a missing key, a bad argument): a real error, as Terragrunt would report it. */
export class HclEvaluationError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'HclEvaluationError';
  }
}

/** True for plain objects (maps), not for arrays, markers or null. */
export function isHclObject(value: HclValue | undefined): value is HclObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof DependencyOutput) &&
    !(value instanceof Untranslatable)
  );
}

/** True when the value or anything inside it is a marker. */
export function containsMarker(value: HclValue): boolean {
  if (value instanceof DependencyOutput || value instanceof Untranslatable) return true;
  if (Array.isArray(value)) return value.some(containsMarker);
  if (isHclObject(value)) return Object.values(value).some(containsMarker);
  return false;
}

/** The first Untranslatable inside a value. */
export function firstUntranslatable(value: HclValue): Untranslatable | undefined {
  if (value instanceof Untranslatable) return value;
  if (Array.isArray(value))
    for (const item of value) {
      const found = firstUntranslatable(item);
      if (found) return found;
    }
  if (isHclObject(value))
    for (const item of Object.values(value)) {
      const found = firstUntranslatable(item);
      if (found) return found;
    }
  return undefined;
}

/** A value as a string, the way HCL converts primitives in templates. */
export function hclToString(value: HclValue, what: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new HclEvaluationError(`${what}: a string is needed, found ${describe(value)}`);
}

/** A short description of a value, for messages. */
export function describe(value: HclValue): string {
  if (value === null) return 'null';
  if (value instanceof DependencyOutput) return value.toString();
  if (value instanceof Untranslatable) return `an untranslatable value (${value.reason})`;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return `an object with ${Object.keys(value).join(', ') || 'no keys'}`;
  return JSON.stringify(value);
}
