import { equal } from './plan-diff';
import { formatAttributePath } from './planned-change';
import type { TerraformPlan } from './terraform-plan';

/** One attribute changed outside Terraform. */
export interface DriftedAttribute {
  /** Attribute path, such as `retention_in_days`. */
  readonly path: string;
  /** The value in the state (what the last apply left). */
  readonly before: string;
  /** The value AWS has now. */
  readonly after: string;
}

/** A resource changed or deleted outside Terraform since the last apply. */
export interface DriftedResource {
  /** Resource address. */
  readonly address: string;
  /** Resource type. */
  readonly type: string;
  /** Changed in AWS, or gone from it. */
  readonly kind: 'changed' | 'deleted';
  /** The attributes that differ (none listed for a deletion). */
  readonly attributes: readonly DriftedAttribute[];
  /** The plan puts the resource back as configured (an update, a replacement or a new create). */
  readonly reverted: boolean;
}

/**
 * The drift Terraform found while refreshing, without its noise: the provider reads some attributes
 * back in a different but equal shape (null for {}, "" for null), which `resource_drift` lists as a
 * change although nothing changed in AWS. Such entries are left out; sensitive values are never shown.
 */
export function driftedResources(plan: TerraformPlan): DriftedResource[] {
  const planned = new Map((plan.resource_changes ?? []).map((rc) => [rc.address, rc.change.actions]));
  const drifted: DriftedResource[] = [];
  for (const rc of plan.resource_drift ?? []) {
    if (rc.mode !== 'managed') continue;
    const actions = planned.get(rc.address) ?? [];
    const reverted = actions.some((a) => a === 'update' || a === 'create');
    if (rc.change.actions.includes('delete')) {
      drifted.push({ address: rc.address, type: rc.type, kind: 'deleted', attributes: [], reverted });
      continue;
    }
    const attributes = leafChanges(
      rc.change.before,
      rc.change.after,
      [],
      rc.change.before_sensitive,
      rc.change.after_sensitive,
    );
    if (attributes.length > 0)
      drifted.push({ address: rc.address, type: rc.type, kind: 'changed', attributes, reverted });
  }
  return drifted;
}

function leafChanges(
  before: unknown,
  after: unknown,
  path: (string | number)[],
  beforeSensitive: unknown,
  afterSensitive: unknown,
): DriftedAttribute[] {
  if (isBlank(before) && isBlank(after)) return [];
  if (equal(before, after)) return [];
  if (beforeSensitive === true || afterSensitive === true)
    return [{ path: formatAttributePath(path), before: '(sensitive value)', after: '(sensitive value)' }];
  if (isObject(before) && isObject(after)) {
    return [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .sort()
      .flatMap((k) =>
        leafChanges(before[k], after[k], [...path, k], child(beforeSensitive, k), child(afterSensitive, k)),
      );
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((b, i) =>
      leafChanges(b, after[i], [...path, i], child(beforeSensitive, i), child(afterSensitive, i)),
    );
  }
  return [{ path: formatAttributePath(path), before: brief(before), after: brief(after) }];
}

/** Values a provider reads back interchangeably for "not set". */
function isBlank(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isObject(value)) return Object.values(value).every(isBlank);
  return false;
}

function brief(value: unknown): string {
  const text = value === undefined ? 'null' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function child(mask: unknown, key: string | number): unknown {
  if (mask === true) return true;
  if (Array.isArray(mask) && typeof key === 'number') return mask[key];
  if (isObject(mask) && typeof key === 'string') return mask[key];
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
