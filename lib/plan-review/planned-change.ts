import type { ResourceChange, TerraformPlan } from './terraform-plan';

/** What a plan does to one resource instance. */
export type ChangeKind = 'create' | 'update' | 'replace' | 'destroy' | 'forget' | 'noop';

/** One managed resource instance of a plan, classified. */
export interface PlannedChange {
  /** Resource address, such as `aws_sqs_queue.core_queue` (a deposed object's address carries its key). */
  readonly address: string;
  /** Resource type, such as `aws_sqs_queue`. */
  readonly type: string;
  /** What happens to it. */
  readonly kind: ChangeKind;
  /**
   * A replacement that creates the new object before it destroys the old one (create_before_destroy:
   * Terraform's actions are `["create", "delete"]`, drawn `+/-`); false for every other change.
   */
  readonly createsFirst: boolean;
  /** The address it had before a `moved` block, when it moves. */
  readonly movedFrom?: string;
  /** The cloud id it is imported from, when an `import` block adopts it. */
  readonly importId?: string;
  /** Attributes whose change forces the replacement, such as `compute_resources[0].instance_types`. */
  readonly forcedBy: readonly string[];
  /** Why Terraform plans this action, in words, when it says. */
  readonly reason?: string;
  /** The change as Terraform wrote it. */
  readonly raw: ResourceChange;
}

/** How many resources of a stack each kind of change touches. */
export interface ChangeCounts {
  /** Resources created. */
  readonly create: number;
  /** Resources updated in place. */
  readonly update: number;
  /** Resources destroyed and created again. */
  readonly replace: number;
  /** Resources destroyed. */
  readonly destroy: number;
  /** Resources whose address changes (`moved` blocks). */
  readonly move: number;
  /** Resources adopted into the state (`import` blocks). */
  readonly import: number;
  /** Resources removed from the state but kept in AWS (`removed` blocks with `destroy = false`). */
  readonly forget: number;
  /** Resources left exactly as they are: not changed, moved or imported. */
  readonly noop: number;
}

/** The counts of a plan that changes nothing. */
export const NO_CHANGES: ChangeCounts = {
  create: 0,
  update: 0,
  replace: 0,
  destroy: 0,
  move: 0,
  import: 0,
  forget: 0,
  noop: 0,
};

/** Terraform's action reasons (`action_reason`), in words. */
const REASONS: Readonly<Record<string, string>> = {
  replace_because_tainted: 'the object is tainted',
  replace_because_cannot_update: 'an attribute that cannot be updated in place changes',
  replace_by_request: 'replacement was requested (-replace)',
  replace_by_triggers: 'replace_triggered_by fired',
  delete_because_no_resource_config: 'it is no longer in the configuration',
  delete_because_no_module: 'its module is no longer in the configuration',
  delete_because_wrong_repetition: 'the resource changed between count and for_each',
  delete_because_count_index: 'its count index is out of range',
  delete_because_each_key: 'its for_each key is gone',
  delete_because_no_move_target: 'a moved block points it at a resource that does not exist',
};

/** Classifies Terraform's list of actions for one object. */
export function changeKind(actions: readonly string[]): ChangeKind {
  if (actions.includes('delete') && actions.includes('create')) return 'replace';
  if (actions.includes('create')) return 'create';
  if (actions.includes('delete')) return 'destroy';
  if (actions.includes('update')) return 'update';
  if (actions.includes('forget')) return 'forget';
  return 'noop';
}

/** Every managed resource instance of a plan, classified, in the plan's order (data sources are reads, not changes). */
export function plannedChanges(plan: TerraformPlan): PlannedChange[] {
  return (plan.resource_changes ?? [])
    .filter((rc) => rc.mode === 'managed')
    .map((rc) => {
      const kind = changeKind(rc.change.actions);
      const movedFrom =
        rc.previous_address !== undefined && rc.previous_address !== rc.address ? rc.previous_address : undefined;
      const reason =
        rc.action_reason !== undefined ? (REASONS[rc.action_reason] ?? rc.action_reason.replace(/_/g, ' ')) : undefined;
      return {
        address: rc.deposed !== undefined ? `${rc.address} (deposed object ${rc.deposed})` : rc.address,
        type: rc.type,
        kind,
        createsFirst: kind === 'replace' && rc.change.actions[0] === 'create',
        ...(movedFrom !== undefined ? { movedFrom } : {}),
        ...(rc.change.importing !== undefined ? { importId: rc.change.importing.id ?? '' } : {}),
        forcedBy: kind === 'replace' ? (rc.change.replace_paths ?? []).map(formatAttributePath) : [],
        ...(reason !== undefined ? { reason } : {}),
        raw: rc,
      };
    });
}

/**
 * Counts the changes by kind; a moved or imported resource counts as moved or imported, and as its
 * kind unless that is no-op.
 */
export function countChanges(changes: readonly PlannedChange[]): ChangeCounts {
  const counts = { ...NO_CHANGES };
  for (const change of changes) {
    if (change.movedFrom !== undefined) counts.move++;
    if (change.importId !== undefined) counts.import++;
    if (change.kind !== 'noop' || (change.movedFrom === undefined && change.importId === undefined))
      counts[change.kind]++;
  }
  return counts;
}

/** Adds counts up. */
export function addCounts(counts: readonly ChangeCounts[]): ChangeCounts {
  const total = { ...NO_CHANGES };
  for (const c of counts) for (const key of Object.keys(total) as (keyof ChangeCounts)[]) total[key] += c[key];
  return total;
}

/** True when applying would change nothing in AWS or in the state. */
export function changesNothing(counts: ChangeCounts): boolean {
  return (
    counts.create + counts.update + counts.replace + counts.destroy + counts.move + counts.import + counts.forget === 0
  );
}

/** Renders an attribute path as Terraform does: `compute_resources[0].instance_types`, `tags["team name"]`. */
export function formatAttributePath(path: readonly (string | number)[]): string {
  let out = '';
  for (const step of path) {
    if (typeof step === 'number') out += `[${step}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(step)) out += out === '' ? step : `.${step}`;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out;
}
