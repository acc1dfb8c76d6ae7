import validateAsl from 'asl-validator';
import type { StateMachineDefinition } from './asl';

/**
 * What is wrong with a definition by the Amazon States Language spec (asl-validator); empty when
 * valid. `checkArn: false` is for definitions whose ARNs are still Terraform references.
 */
export function aslProblems(
  definition: StateMachineDefinition | unknown,
  options: { readonly checkArn: boolean } = { checkArn: true },
): string[] {
  // The validator annotates the object it checks; give it a copy.
  const result = validateAsl(structuredClone(definition), { checkPaths: true, checkArn: options.checkArn });
  return result.isValid ? [] : result.errors.map((e) => `${e['Error code']}: ${e.Message}`);
}
