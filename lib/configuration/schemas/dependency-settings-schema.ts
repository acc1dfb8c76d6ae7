import * as z from 'zod';

/** A module name, as STACK_GRAPH spells it (`security-group`). */
const ModuleName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a module name such as "iam" or "security-group"');

/** A stand-in for one upstream output: a value, a list or a map of strings, like the output itself. */
const MockOutputValue = z.union([z.string(), z.array(z.string()), z.record(z.string(), z.string())]);

/**
 * How stacks read their upstreams' outputs: Terragrunt's `mock_outputs` and
 * `mock_outputs_merge_strategy_with_state`. Mocks stand in while an upstream has no state yet
 * (for validate and plan only: such a plan is provisional and can never be applied).
 */
export const DependencySettingsSchema = z
  .strictObject({
    /**
     * When an upstream state exists but lacks an output a stack reads: `no_merge` fails the plan
     * (Terragrunt's default), `shallow` reads the mock in its place (the plan is then provisional).
     */
    mock_outputs_merge_strategy: z.enum(['no_merge', 'shallow']).default('no_merge'),
    /** Mock values by upstream module and output, in place of the ones predicted from the naming convention. */
    mock_outputs: z
      .record(ModuleName, z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'an output name'), MockOutputValue))
      .default({}),
  })
  .default({ mock_outputs_merge_strategy: 'no_merge', mock_outputs: {} });

/** Validated dependency settings. */
export type DependencySettings = z.infer<typeof DependencySettingsSchema>;
