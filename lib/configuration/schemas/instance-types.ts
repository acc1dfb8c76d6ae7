import * as z from 'zod';
import { closestMatch } from '../closest-match';
import { EC2_INSTANCE_TYPES } from './ec2-instance-types';

/** The sizes of each EC2 instance family, smallest first. */
const SIZES = new Map<string, string[]>();
for (const line of EC2_INSTANCE_TYPES.trim().split('\n')) {
  const [family, ...sizes] = line.split(' ') as [string, ...string[]];
  SIZES.set(family, [...(SIZES.get(family) ?? []), ...sizes]);
}

/** What compute_resources.instance_types takes besides EC2 types and families (Batch CreateComputeEnvironment). */
const BATCH_CHOICES = ['optimal', 'default_x86_64', 'default_arm64'];

/** Why `value` is not an EC2 instance type (or, with `families`, a family or Batch's choices); undefined when it is. */
function instanceTypeProblem(value: string, families: boolean): string | undefined {
  const [family, size, ...rest] = value.split('.');
  const sizes = SIZES.get(family!);
  if (families && (BATCH_CHOICES.includes(value) || (sizes && size === undefined))) return undefined;
  if (sizes && size !== undefined && rest.length === 0 && sizes.includes(size)) return undefined;
  if (sizes)
    return `a size of the ${family} family: ${sizes.map((s) => `${family}.${s}`).join(', ')} (the EC2 API's types)`;
  const what = families
    ? 'an EC2 instance type such as "c5.4xlarge", a family such as "c5", or "default_x86_64" or "default_arm64"'
    : 'an EC2 instance type such as "c5.4xlarge"';
  const suggestion = closestMatch(family!, [...SIZES.keys()]);
  return `${what} (the EC2 API's types)${suggestion ? `; the closest family is "${suggestion}"` : ''}`;
}

/** An EC2 instance type, checked against the EC2 API's own list. */
export const Ec2InstanceType = z.string().superRefine((value, ctx) => {
  const problem = instanceTypeProblem(value, false);
  if (problem) ctx.addIssue({ code: 'custom', input: value, message: problem });
});

/** What a compute environment's instance_types takes: EC2 types, families, and Batch's own choices. */
export const BatchInstanceType = z.string().superRefine((value, ctx) => {
  const problem = instanceTypeProblem(value, true);
  if (problem) ctx.addIssue({ code: 'custom', input: value, message: problem });
});
