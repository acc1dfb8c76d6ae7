import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { parsed, type TerraformJson } from './synth-helpers';

/** One construct synthesized alone: the stack's Terraform JSON text (for the cdktf matchers) and parsed. */
export interface SynthesizedConstruct {
  /** The JSON text. */
  readonly json: string;
  /** The parsed JSON. */
  readonly stack: TerraformJson;
}

/**
 * Builds a construct in a stack of its own with the AWS provider, runs the constructs' validations,
 * and synthesizes it: a construct test states only the props it is about.
 */
export function synthConstruct(build: (scope: Construct) => void): SynthesizedConstruct {
  const stack = new TerraformStack(Testing.app({ stackTraces: false }), 'under_test');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  build(stack);
  const json = Testing.synth(stack, true);
  return { json, stack: parsed(json) };
}
