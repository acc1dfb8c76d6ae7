import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as z from 'zod';
import { ConfigError } from '../configuration/config-error';
import { formatJsonPath } from '../configuration/json-path';
import { JsonSource } from '../configuration/json-source';
import { problemsFromZod } from '../configuration/zod-problems';
import type { PlanSummary } from '../terraform-cli/plan-summary';

/**
 * What `npm run all -- plan` leaves for each stack in its plan folder, beside `<stack>.json`
 * (`terraform show -json`, what the review reads): `<stack>.tfplan`, Terraform's own binary plan,
 * the one thing that is ever applied, and `<stack>.provenance.json`, this record of how that plan
 * was made, which decides whether it may be applied.
 */

/** The binary plan's file name in a plan folder. */
export function binaryPlanName(stack: string): string {
  return `${stack}.tfplan`;
}

/** The record's file name in a plan folder. */
export function provenanceName(stack: string): string {
  return `${stack}${PROVENANCE_SUFFIX}`;
}

/** How a record's file name ends; the review reads every other `.json` of the folder as a stack's plan. */
export const PROVENANCE_SUFFIX = '.provenance.json';

const countsSchema = z.object({
  create: z.number().int().min(0),
  update: z.number().int().min(0),
  replace: z.number().int().min(0),
  destroy: z.number().int().min(0),
  move: z.number().int().min(0),
  import: z.number().int().min(0),
  forget: z.number().int().min(0),
  noop: z.number().int().min(0),
  drift: z.number().int().min(0),
  outputChanges: z.number().int().min(0),
});

const provenanceSchema = z.strictObject({
  stack: z.string().min(1),
  plan_file: z.string().min(1),
  plan_sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex'),
  configuration_sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex'),
  synth_mode: z.enum(['real', 'local', 'offline']),
  mocked_upstreams: z.array(z.string()),
  destroy: z.boolean(),
  has_changes: z.boolean(),
  summary: countsSchema,
});

/** How one saved plan was made. */
export interface PlanProvenance {
  /** Stack name. */
  readonly stack: string;
  /** The binary plan's file name, in the same folder. */
  readonly planFile: string;
  /** SHA-256 of the binary plan: the file applied is the file recorded. */
  readonly planSha256: string;
  /** SHA-256 of the stack's cdk.tf.json the plan was made from. */
  readonly configurationSha256: string;
  /** The synth mode of the stack when it was planned; an offline plan is never applied. */
  readonly synthMode: 'real' | 'local' | 'offline';
  /** Upstream stacks whose mock outputs the plan read; a plan with any is never applied. */
  readonly mockedUpstreams: readonly string[];
  /** A destroy plan. */
  readonly destroy: boolean;
  /** Terraform's verdict: applying the plan changes something. */
  readonly hasChanges: boolean;
  /** The plan's counts. */
  readonly summary: PlanSummary;
}

/** SHA-256 of a file, in hex. */
export function fileSha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Copies the binary plan into the plan folder and writes its record beside it. */
export function saveBinaryPlan(
  planDir: string,
  binaryPlan: string,
  provenance: Omit<PlanProvenance, 'planFile' | 'planSha256'>,
): PlanProvenance {
  fs.mkdirSync(planDir, { recursive: true });
  const planFile = binaryPlanName(provenance.stack);
  fs.copyFileSync(binaryPlan, path.join(planDir, planFile));
  const record: PlanProvenance = { ...provenance, planFile, planSha256: fileSha256(path.join(planDir, planFile)) };
  const json = {
    stack: record.stack,
    plan_file: record.planFile,
    plan_sha256: record.planSha256,
    configuration_sha256: record.configurationSha256,
    synth_mode: record.synthMode,
    mocked_upstreams: [...record.mockedUpstreams],
    destroy: record.destroy,
    has_changes: record.hasChanges,
    summary: record.summary,
  } satisfies z.input<typeof provenanceSchema>;
  fs.writeFileSync(path.join(planDir, provenanceName(provenance.stack)), `${JSON.stringify(json, null, 2)}\n`);
  return record;
}

/** The record of `stack`'s saved plan in `planDir`, or undefined when the folder holds none. */
export function readProvenance(
  planDir: string,
  stack: string,
  displayRoot = process.cwd(),
): PlanProvenance | undefined {
  const file = path.join(planDir, provenanceName(stack));
  if (!fs.existsSync(file)) return undefined;
  const source = JsonSource.read(file, displayRoot);
  const result = provenanceSchema.safeParse(source.value, { reportInput: true });
  if (!result.success)
    throw new ConfigError(
      problemsFromZod(result.error.issues, provenanceSchema, (jsonPath, found, allowed) => ({
        file: source.display,
        jsonPath: formatJsonPath(jsonPath),
        ...(source.locate(jsonPath) ?? {}),
        found,
        allowed,
      })),
    );
  const r = result.data;
  return {
    stack: r.stack,
    planFile: r.plan_file,
    planSha256: r.plan_sha256,
    configurationSha256: r.configuration_sha256,
    synthMode: r.synth_mode,
    mockedUpstreams: r.mocked_upstreams,
    destroy: r.destroy,
    hasChanges: r.has_changes,
    summary: r.summary,
  };
}

/** The stacks that have a saved plan in `planDir`, by their records' file names. */
export function stacksWithSavedPlans(planDir: string): string[] {
  if (!fs.existsSync(planDir)) return [];
  return fs
    .readdirSync(planDir)
    .filter((f) => f.endsWith(PROVENANCE_SUFFIX))
    .map((f) => f.slice(0, -PROVENANCE_SUFFIX.length))
    .sort();
}
