import { codePointOrder } from './code-point-order';
import { PLATFORM_MODULES, type PlatformModule } from './platform-modules';
import type { PlatformRole, RecognisedResource } from './resource-roles';

/** What makes a unit the one of a module: the resources the module is about, most telling first. */
const PRIMARY_ROLES: ReadonlyArray<readonly [PlatformModule, readonly PlatformRole[]]> = [
  ['step-function', ['state-machine']],
  ['batch', ['compute-environment', 'job-queue', 'job-definition']],
  ['sqs', ['queue', 'dead-letter-queue']],
  ['security-group', ['batch-security-group']],
  [
    'iam',
    [
      'batch-service-role',
      'batch-instance-role',
      'spot-fleet-role',
      'execution-role',
      'job-role',
      'state-machine-role',
      'pipe-role',
    ],
  ],
];

/** How the units of an environment map onto its stacks. */
export interface UnitAssignment {
  /**
   * The module each unit is about (for its hooks and the report); undefined when its state holds nothing of the
   * platform.
   */
  readonly moduleOfUnit: ReadonlyMap<string, PlatformModule | undefined>;
  /** The unit whose state each module's stack takes over (same bucket and key). */
  readonly takenOver: ReadonlyMap<PlatformModule, string>;
}

/**
 * Decides which unit's state each stack takes over: a unit is about the module of its most
 * telling resource (a state machine before the role it runs as, a compute environment before
 * the log groups of its jobs), else the module most of its resources go to; each module takes
 * over the state of the unit about it that holds most of its resources. Every other unit's
 * resources are imported where they belong and its state is retired.
 */
export function assignUnits(units: readonly string[], resources: readonly RecognisedResource[]): UnitAssignment {
  const moduleOfUnit = new Map<string, PlatformModule | undefined>();
  for (const unit of units) {
    const own = resources.filter((r) => r.unit === unit && r.module);
    const primary = PRIMARY_ROLES.find(([, roles]) => own.some((r) => r.role && roles.includes(r.role)))?.[0];
    const counts = PLATFORM_MODULES.map((m) => [m, own.filter((r) => r.module === m).length] as const)
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1]);
    moduleOfUnit.set(unit, primary ?? counts[0]?.[0]);
  }
  const takenOver = new Map<PlatformModule, string>();
  for (const module of PLATFORM_MODULES) {
    const roles = PRIMARY_ROLES.find(([m]) => m === module)![1];
    const candidates = units
      .filter((u) => moduleOfUnit.get(u) === module)
      .map((u) => ({
        unit: u,
        primary: resources.filter((r) => r.unit === u && r.role && roles.includes(r.role)).length,
        total: resources.filter((r) => r.unit === u && r.module === module).length,
      }))
      .sort((a, b) => b.primary - a.primary || b.total - a.total || codePointOrder(a.unit, b.unit));
    if (candidates[0]) takenOver.set(module, candidates[0].unit);
  }
  return { moduleOfUnit, takenOver };
}
