import type { AllowedDestroy, PlanPolicy } from './plan-policy';
import { destructiveChanges, type PlanReview } from './plan-review';
import type { PlannedChange } from './planned-change';

/** A destroy or replacement of a protected resource. */
export interface ProtectedDestroy {
  /** Stack name. */
  readonly stack: string;
  /** The change. */
  readonly change: PlannedChange;
  /** The allowance that lets it through, when there is one. */
  readonly allowance?: AllowedDestroy;
}

/** What the gate decided. */
export interface GateResult {
  /** True when no protected resource is destroyed or replaced without an allowance. */
  readonly passed: boolean;
  /** Destroys and replacements of protected resources that no allowance covers. */
  readonly violations: readonly ProtectedDestroy[];
  /** Destroys and replacements of protected resources that an allowance covers. */
  readonly allowed: readonly ProtectedDestroy[];
  /** Allowances that match nothing in these plans: left over, or misspelt. */
  readonly unusedAllowances: readonly AllowedDestroy[];
}

/**
 * The policy gate on the plans: destroying or replacing (a replacement destroys first, or at the
 * end with create_before_destroy) a resource of a protected type fails, unless the policy allows it
 * for that stack and address.
 */
export function evaluatePolicy(review: PlanReview, policy: PlanPolicy): GateResult {
  const protectedTypes = new Set(policy.protectedTypes);
  const used = new Set<AllowedDestroy>();
  const violations: ProtectedDestroy[] = [];
  const allowed: ProtectedDestroy[] = [];
  for (const { stack, change } of destructiveChanges(review)) {
    if (!protectedTypes.has(change.type)) continue;
    const allowance = policy.allowedDestroys.find((a) => a.stack === stack && a.address === change.raw.address);
    if (allowance) {
      used.add(allowance);
      allowed.push({ stack, change, allowance });
    } else {
      violations.push({ stack, change });
    }
  }
  const planned = new Set(review.stacks.filter((s) => s.status === 'planned').map((s) => s.name));
  // An allowance for a stack that was not planned says nothing about this run.
  const unusedAllowances = policy.allowedDestroys.filter((a) => !used.has(a) && planned.has(a.stack));
  return { passed: violations.length === 0, violations, allowed, unusedAllowances };
}

/** The gate's verdict as lines of text for a terminal or a CI log. */
export function describeGate(result: GateResult, policyFile: string): string {
  const lines: string[] = [];
  if (result.passed)
    lines.push(
      `policy gate passed: no protected resource is destroyed or replaced without an allowance in ${policyFile}`,
    );
  else {
    lines.push(
      `policy gate FAILED: ${result.violations.length} protected ` +
        `${result.violations.length === 1 ? 'resource is' : 'resources are'} ` +
        'destroyed or replaced without an allowance:',
    );
    for (const v of result.violations)
      lines.push(
        `  ${v.stack}: ${v.change.address} (${v.change.type}) would be ${pastTense(v.change)}${cause(v.change)}`,
      );
    lines.push(
      `To allow one, add it to "allowed_destroys" in ${policyFile}: ` +
        `{"stack": "${result.violations[0]!.stack}", "address": "${result.violations[0]!.change.raw.address}", ` +
        '"reason": "why it is safe"}',
    );
  }
  for (const a of result.allowed)
    lines.push(`  allowed: ${a.stack}: ${a.change.address} would be ${pastTense(a.change)} (${a.allowance!.reason})`);
  for (const u of result.unusedAllowances)
    lines.push(
      `  unused allowance: ${u.stack}: ${u.address} is not destroyed or replaced by this plan; ` +
        `remove it from ${policyFile}`,
    );
  return lines.join('\n');
}

function pastTense(change: PlannedChange): string {
  return change.kind === 'replace' ? 'replaced' : 'destroyed';
}

/** What forces a replacement: its attributes, or Terraform's reason when no attribute does (replace_triggered_by). */
function cause(change: PlannedChange): string {
  if (change.forcedBy.length > 0) return `; forced by ${change.forcedBy.join(', ')}`;
  return change.kind === 'replace' && change.reason !== undefined ? `; because ${change.reason}` : '';
}
