import { type ChangeCounts, countChanges, NO_CHANGES, plannedChanges } from '../plan-review/planned-change';
import type { TerraformPlan } from '../plan-review/terraform-plan';

/** A plan's counts by kind of change (as the plan review counts them), its drift and its output changes. */
export interface PlanSummary extends ChangeCounts {
  /** Resources changed outside Terraform since the last apply. */
  readonly drift: number;
  /** Output values that change. */
  readonly outputChanges: number;
}

/** Counts the changes of a `terraform show -json` plan exactly as the plan review does (managed resources only). */
export function summarizePlan(plan: TerraformPlan): PlanSummary {
  const outputChanges = Object.values(plan.output_changes ?? {}).filter(
    (c) => !c.actions.every((a) => a === 'no-op'),
  ).length;
  return { ...countChanges(plannedChanges(plan)), drift: (plan.resource_drift ?? []).length, outputChanges };
}

interface PlanEvent {
  readonly type?: string;
  readonly change?: { readonly action?: string; readonly previous_resource?: unknown; readonly importing?: unknown };
  readonly outputs?: Readonly<Record<string, { readonly action?: string }>>;
}

/**
 * The event stream's name of each kind of change (Terraform's machine-readable UI, `planned_change`
 * events; `remove` is a `removed` block with destroy = false). No-op resources get no event.
 */
const EVENT_KINDS: Readonly<Record<string, keyof ChangeCounts>> = {
  create: 'create',
  update: 'update',
  replace: 'replace',
  delete: 'destroy',
  remove: 'forget',
};

/**
 * Counts the changes from the JSON event stream of `terraform plan -json`; `noop` stays 0 (the stream does not list
 * unchanged resources).
 */
export function summarizePlanEvents(stream: string): PlanSummary {
  const counts: Record<keyof PlanSummary, number> = { ...NO_CHANGES, drift: 0, outputChanges: 0 };
  for (const line of stream.split('\n')) {
    if (!line.startsWith('{')) continue;
    const event = JSON.parse(line) as PlanEvent;
    if (event.type === 'resource_drift') counts.drift++;
    if (event.type === 'outputs')
      counts.outputChanges = Object.values(event.outputs ?? {}).filter((o) => o.action !== 'noop').length;
    if (event.type !== 'planned_change' || !event.change) continue;
    const { action = '', previous_resource: previous, importing } = event.change;
    const kind = EVENT_KINDS[action];
    if (kind !== undefined) counts[kind]++;
    if (action === 'move' || previous !== undefined) counts.move++;
    if (action === 'import' || importing !== undefined) counts.import++;
  }
  return counts;
}
