import { codePointOrder } from './code-point-order';
import type { AdoptionPlan, UnitState } from './resource-matching';
import type { StateLocationOfUnit } from './state-sources';

/** A unit's state no stack takes over, whose resources the stacks import: it is emptied once they have. */
export interface RetiredState {
  /** The unit. */
  readonly unit: string;
  /** Where its state is. */
  readonly location: StateLocationOfUnit;
  /** Every resource address of the state, each forgotten (destroy = false), with why. */
  readonly removed: readonly { readonly from: string; readonly reason: string }[];
  /** Folder of its workspace under the output folder. */
  readonly folder: string;
}

/**
 * The states no stack takes over that hold resources a stack imports. Each gets a Terraform
 * workspace of its own (`retire/<unit>/main.tf.json`) whose backend is the unit's state and whose
 * `removed` blocks (destroy = false) forget every resource in it: applied after the stacks that
 * import them, it leaves the state empty and AWS untouched. Resources no stack adopts are
 * forgotten too (they stay in AWS, no longer managed): a workspace without them in its
 * configuration would otherwise destroy them.
 */
export function retiredStates(
  plan: AdoptionPlan,
  unitStates: readonly (UnitState & { readonly fullLocation: StateLocationOfUnit })[],
): RetiredState[] {
  const takenOver = new Set(plan.takesOver.values());
  const out: RetiredState[] = [];
  for (const unitState of unitStates.filter((u) => !takenOver.has(u))) {
    const adopted = plan.matches.filter((m) => m.unitState === unitState);
    if (adopted.length === 0) continue;
    const reasons = new Map<string, string>();
    for (const match of adopted)
      reasons.set(
        match.object.instance.resourceAddress,
        match.object.part
          ? `its ${match.object.part.what} is adopted by ${match.resource.stack}`
          : `adopted by ${match.resource.stack}`,
      );
    for (const instance of unitState.state.instances)
      if (!reasons.has(instance.resourceAddress))
        reasons.set(
          instance.resourceAddress,
          'no stack has such a resource: it stays in AWS as it is, no longer managed by Terraform',
        );
    out.push({
      unit: unitState.unit,
      location: unitState.fullLocation,
      removed: [...reasons].sort((a, b) => codePointOrder(a[0], b[0])).map(([from, reason]) => ({ from, reason })),
      folder: `retire/${unitState.unit}`,
    });
  }
  return out;
}

/** The workspace that empties a retired state: its backend, the provider the state's resources need, removed blocks. */
export function retiredStateWorkspace(
  retired: RetiredState,
  providerVersion: string,
  region: string,
): Record<string, unknown> {
  const { location } = retired;
  return {
    '//':
      `Empties the state of the Terragrunt unit ${retired.unit} once the stacks that adopt its resources are ` +
      `applied: terraform init, then terraform apply -refresh=false. Nothing in AWS changes.`,
    terraform: {
      required_version: '>= 1.7.0',
      required_providers: { aws: { source: 'hashicorp/aws', version: providerVersion } },
      backend: {
        s3: {
          bucket: location.bucket,
          key: location.key,
          region: location.region ?? region,
          encrypt: true,
          ...(location.dynamodbTable ? { dynamodb_table: location.dynamodbTable } : {}),
          ...(location.useLockfile ? { use_lockfile: true } : {}),
        },
      },
    },
    provider: { aws: [{ region }] },
    removed: retired.removed.map((r) => ({ from: r.from, lifecycle: [{ destroy: false }] })),
  };
}
