import type { AffectedStacks } from './affected-stacks';
import { type DriftedResource, driftedResources } from './drift';
import {
  addCounts,
  type ChangeCounts,
  changesNothing,
  countChanges,
  NO_CHANGES,
  type PlannedChange,
  plannedChanges,
} from './planned-change';
import type { StackPlan } from './saved-plans';
import type { ValueChange } from './terraform-plan';

/** Where a stack stands in the review. */
export type StackStatus =
  /** Planned; its plan is in the review. */
  | 'planned'
  /** Not planned because nothing it is built from changed. */
  | 'unaffected'
  /** Affected but without a saved plan: its plan failed or was skipped. */
  | 'missing'
  /** Not planned, and no list of affected stacks says why. */
  | 'not planned';

/** One stack of the review. */
export interface StackReview {
  /** Stack name. */
  readonly name: string;
  /** Environment of the stack. */
  readonly environment: string;
  /** Stacks whose outputs it reads. */
  readonly dependencies: readonly string[];
  /** Where it stands. */
  readonly status: StackStatus;
  /** Why it was planned (affected-stack selection). */
  readonly affectedBecause?: string;
  /** Why its plan is provisional, when it is. */
  readonly provisional?: string;
  /** Its resource changes, in plan order (managed resources, no-ops included). */
  readonly changes: readonly PlannedChange[];
  /** Its counts. */
  readonly counts: ChangeCounts;
  /** Resources changed outside Terraform. */
  readonly drift: readonly DriftedResource[];
  /** Output values that change. */
  readonly outputChanges: number;
  /** The saved plan's file. */
  readonly planFile?: string;
  /** The saved plan's output changes, for the full plan. */
  readonly outputs?: Readonly<Record<string, ValueChange>>;
}

/** Every stack of the synth output, with the plans of those planned. */
export interface PlanReview {
  /** Stacks in manifest order. */
  readonly stacks: readonly StackReview[];
  /** Environments, in the order their first stack appears. */
  readonly environments: readonly string[];
  /** Counts over every planned stack. */
  readonly totals: ChangeCounts;
  /** Stacks of the base commit that the change removes (from the affected-stack selection). */
  readonly removedStacks: readonly string[];
}

/** Builds the review of a set of saved plans; `affected`, when given, says why stacks were or were not planned. */
export function reviewPlans(
  stacks: readonly StackPlan[],
  affected?: Pick<AffectedStacks, 'affected' | 'removed'>,
): PlanReview {
  const reasons = new Map((affected?.affected ?? []).map((a) => [a.stack, a.reason]));
  const reviews = stacks.map((stack): StackReview => {
    const because = reasons.get(stack.name);
    const common = {
      name: stack.name,
      environment: stack.environment,
      dependencies: stack.dependencies,
      ...(because !== undefined ? { affectedBecause: because } : {}),
      ...(stack.provisional !== undefined ? { provisional: stack.provisional } : {}),
    };
    if (!stack.plan) {
      const status: StackStatus = affected ? (because !== undefined ? 'missing' : 'unaffected') : 'not planned';
      return { ...common, status, changes: [], counts: NO_CHANGES, drift: [], outputChanges: 0 };
    }
    const changes = plannedChanges(stack.plan);
    const outputs = stack.plan.output_changes ?? {};
    return {
      ...common,
      status: 'planned',
      changes,
      counts: countChanges(changes),
      drift: driftedResources(stack.plan),
      outputChanges: Object.values(outputs).filter((c) => !c.actions.every((a) => a === 'no-op')).length,
      outputs,
      ...(stack.planFile !== undefined ? { planFile: stack.planFile } : {}),
    };
  });
  return {
    stacks: reviews,
    environments: [...new Set(reviews.map((s) => s.environment))],
    totals: addCounts(reviews.map((s) => s.counts)),
    removedStacks: affected?.removed ?? [],
  };
}

/** The destroys and replacements of the review, stack by stack. */
export function destructiveChanges(review: PlanReview): { stack: string; change: PlannedChange }[] {
  return review.stacks.flatMap((s) =>
    s.changes.filter((c) => c.kind === 'destroy' || c.kind === 'replace').map((change) => ({ stack: s.name, change })),
  );
}

/** True when a planned stack changes something (resources, state or outputs). */
export function stackChanges(stack: StackReview): boolean {
  return !changesNothing(stack.counts) || stack.outputChanges > 0;
}
