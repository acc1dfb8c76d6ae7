import * as fs from 'fs';
import * as path from 'path';
import { PROVENANCE_SUFFIX, readProvenance } from '../orchestration/saved-plan-record';
import type { AffectedStacks } from './affected-stacks';
import { renderOutputChanges, renderResourceChange } from './plan-diff';
import { type ChangeKind, plannedChanges } from './planned-change';
import { parseTerraformPlan, type TerraformPlan } from './terraform-plan';

/**
 * The plan made for a deploy, compared with the plan reviewed on the pull request, stack by stack:
 * the same resources must change in the same way (the same text of each change, as the comment
 * draws it, and the same output changes), as dflook/terraform-github-actions compares the plan it
 * applies with the one in the pull request. Drift alone is no difference: it changes nothing.
 */

/** A plan of a plan folder, read without its synth output. */
export interface FolderPlan {
  /** Stack name. */
  readonly stack: string;
  /** The plan (`terraform show -json`). */
  readonly plan: TerraformPlan;
  /** Upstream stacks whose mock outputs it read, from its provenance record. */
  readonly mockedUpstreams: readonly string[];
  /** Planned offline (no state), from its provenance record. */
  readonly offline: boolean;
}

/** Every plan of a folder run-all wrote: `<stack>.json` with `<stack>.provenance.json`. */
export function readPlanFolder(planDir: string): FolderPlan[] {
  if (!fs.existsSync(planDir)) return [];
  return fs
    .readdirSync(planDir)
    .filter((f) => f.endsWith('.json') && !f.endsWith(PROVENANCE_SUFFIX))
    .sort()
    .map((file) => {
      const stack = file.slice(0, -'.json'.length);
      const display = path.relative(process.cwd(), path.join(planDir, file));
      const provenance = readProvenance(planDir, stack);
      return {
        stack,
        plan: parseTerraformPlan(fs.readFileSync(path.join(planDir, file), 'utf8'), display),
        mockedUpstreams: provenance?.mockedUpstreams ?? [],
        offline: provenance === undefined || provenance.synthMode === 'offline',
      };
    });
}

/** One resource (or the outputs) that changes differently from the reviewed plan. */
export interface PlanDifference {
  /** Stack name. */
  readonly stack: string;
  /** Resource address, or `outputs`. */
  readonly address: string;
  /** What the reviewed plan did to it, or `nothing` when it did not change it (or the stack was not planned). */
  readonly reviewed: ChangeKind | 'nothing' | 'change';
  /** What the plan now does to it, or `nothing`. */
  readonly now: ChangeKind | 'nothing' | 'change';
}

/** A stack whose reviewed plan cannot be held against the new one, and why. */
export interface NotCompared {
  /** Stack name. */
  readonly stack: string;
  /** Why. */
  readonly reason: string;
}

/** The verdict. */
export interface PlanComparison {
  /** Stacks whose plan changes exactly what was reviewed. */
  readonly same: readonly string[];
  /** What changes differently, stack by stack. */
  readonly differences: readonly PlanDifference[];
  /** Stacks whose reviewed plan was provisional: the environment's approval is their review. */
  readonly notCompared: readonly NotCompared[];
}

/** What was reviewed on the pull request. */
export interface ReviewedPlans {
  /** The plans of the pull request's plan run. */
  readonly plans: readonly FolderPlan[];
  /** Which stacks the pull request affected; the others were not planned because nothing of theirs changed. */
  readonly affected?: Pick<AffectedStacks, 'affected' | 'unchanged'>;
  /** Stacks and the stacks they read, to find the plans that read outputs the same change alters. */
  readonly dependencies: ReadonlyMap<string, readonly string[]>;
}

/** Compares each new plan with the reviewed plan of its stack. */
export function compareWithReviewed(reviewed: ReviewedPlans, current: readonly FolderPlan[]): PlanComparison {
  const byStack = new Map(reviewed.plans.map((p) => [p.stack, p]));
  const changesOutputs = new Set(reviewed.plans.filter((p) => outputsText(p.plan) !== '').map((p) => p.stack));
  const same: string[] = [];
  const differences: PlanDifference[] = [];
  const notCompared: NotCompared[] = [];
  for (const now of current) {
    const before = byStack.get(now.stack);
    if (before === undefined) {
      // Not planned on the pull request: reviewed as "no change" only when its synthesized JSON was unchanged.
      const changes = changeTexts(now.plan);
      if (changes.size === 0 && reviewed.affected?.unchanged.includes(now.stack)) same.push(now.stack);
      else if (changes.size === 0 && reviewed.affected === undefined) same.push(now.stack);
      else if (reviewed.affected?.affected.some((a) => a.stack === now.stack))
        notCompared.push({ stack: now.stack, reason: 'the pull request affected it, but its plan is missing' });
      else
        differences.push(
          ...[...changes].map(([address, change]) => ({
            stack: now.stack,
            address,
            reviewed: 'nothing' as const,
            now: change.kind,
          })),
        );
      continue;
    }
    const why = provisional(before, reviewed.dependencies, changesOutputs);
    if (why !== undefined) {
      notCompared.push({ stack: now.stack, reason: why });
      continue;
    }
    const found = differencesOf(now.stack, changeTexts(before.plan), changeTexts(now.plan));
    if (found.length === 0) same.push(now.stack);
    else differences.push(...found);
  }
  return { same, differences, notCompared };
}

/** Why a reviewed plan was provisional, if it was. */
function provisional(
  plan: FolderPlan,
  dependencies: ReadonlyMap<string, readonly string[]>,
  changesOutputs: ReadonlySet<string>,
): string | undefined {
  if (plan.offline) return 'it was planned offline on the pull request (mock outputs, no state)';
  if (plan.mockedUpstreams.length > 0)
    return `it read mock outputs of ${plan.mockedUpstreams.join(', ')} on the pull request`;
  const upstream = (dependencies.get(plan.stack) ?? []).filter((d) => changesOutputs.has(d));
  if (upstream.length > 0)
    return (
      `it read outputs that the same change alters (${upstream.join(', ')}), ` +
      'so it could only be planned after them'
    );
  return undefined;
}

interface ChangeText {
  readonly kind: ChangeKind | 'change';
  readonly text: string;
}

/** Each changed resource's text as the comment draws it, by address; the output changes under `outputs`. */
function changeTexts(plan: TerraformPlan): Map<string, ChangeText> {
  const texts = new Map<string, ChangeText>();
  for (const change of plannedChanges(plan))
    if (change.kind !== 'noop' || change.movedFrom !== undefined || change.importId !== undefined)
      texts.set(change.address, { kind: change.kind, text: renderResourceChange(change) });
  const outputs = outputsText(plan);
  if (outputs !== '') texts.set('outputs', { kind: 'change', text: outputs });
  return texts;
}

function outputsText(plan: TerraformPlan): string {
  return renderOutputChanges(plan.output_changes ?? {});
}

function differencesOf(
  stack: string,
  reviewed: ReadonlyMap<string, ChangeText>,
  now: ReadonlyMap<string, ChangeText>,
): PlanDifference[] {
  const addresses = [...new Set([...reviewed.keys(), ...now.keys()])].sort();
  return addresses.flatMap((address) => {
    const before = reviewed.get(address);
    const after = now.get(address);
    if (before?.text === after?.text) return [];
    return [{ stack, address, reviewed: before?.kind ?? 'nothing', now: after?.kind ?? 'nothing' }];
  });
}

/** The verdict as Markdown, for the job summary and the log. */
export function describeComparison(comparison: PlanComparison): string {
  const lines: string[] = [];
  if (comparison.differences.length === 0)
    lines.push(
      `✅ **The plans match the plans reviewed on the pull request** (${comparison.same.length} ` +
        `${comparison.same.length === 1 ? 'stack' : 'stacks'}).`,
    );
  else {
    const stacks = [...new Set(comparison.differences.map((d) => d.stack))];
    lines.push(
      `⛔ **${stacks.length === 1 ? 'One plan differs' : `${stacks.length} plans differ`} from the plans reviewed ` +
        'on the pull request**: nothing is applied. Something changed since the review (another merge, drift, ' +
        'a new provider answer): review the new plan in a pull request, or run the deploy by hand.',
      '',
      '| stack | resource | reviewed | now |',
      '| --- | --- | --- | --- |',
      ...comparison.differences.map((d) => {
        const now = d.now === d.reviewed ? `${d.now}, other values` : d.now;
        return `| \`${d.stack}\` | \`${d.address}\` | ${d.reviewed} | ${now} |`;
      }),
    );
  }
  if (comparison.notCompared.length > 0)
    lines.push(
      '',
      'Not compared (the environment approval is their review):',
      '',
      ...comparison.notCompared.map((n) => `- \`${n.stack}\`: ${n.reason}`),
    );
  return lines.join('\n');
}
