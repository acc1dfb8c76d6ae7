import * as z from 'zod';
import { Tags, WHEN_FIELDS_VALID } from './common-fields';
import { TerraformName } from './environment-schema';

/** A share identifier and its weight (Batch ShareAttributes). */
const ShareAttributes = z.strictObject({
  /** Up to 255 letters and digits; a trailing `*` matches every identifier with that prefix. */
  share_identifier: z
    .string()
    .regex(/^[A-Za-z0-9]{1,255}\*?$/, 'letters and digits (at most 255), optionally ending with "*"'),
  /** Lower gets more: 0.0001 to 999.9999, 1 when omitted. */
  weight_factor: z.number().min(0.0001).max(999.9999).optional(),
});

/** A fair-share scheduling policy (Batch CreateSchedulingPolicy), in Terraform argument names. */
export const SchedulingPolicySchema = z.strictObject({
  terraform_name: TerraformName.optional(),
  name: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,128}$/, 'a scheduling policy name: 1-128 letters, digits, dashes or underscores'),
  fair_share_policy: z
    .strictObject({
      /** Percent of the maximum vCPUs held back for share identifiers not yet active: 0-99. */
      compute_reservation: z.number().int().min(0).max(99).optional(),
      /** Window of past usage that counts, in seconds: 0-604800 (one week). */
      share_decay_seconds: z.number().int().min(0).max(604_800).optional(),
      share_distribution: z.array(ShareAttributes).max(500).optional(),
    })
    .superRefine((policy, ctx) => {
      const seen = new Map<string, number>();
      (policy.share_distribution ?? []).forEach((share, i) => {
        const first = seen.get(share.share_identifier);
        if (first !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['share_distribution', i, 'share_identifier'],
            input: share.share_identifier,
            message: `a share identifier not already listed (entry ${first} has it)`,
          });
        seen.set(share.share_identifier, i);
      });
    }, WHEN_FIELDS_VALID),
  tags: Tags.optional(),
});

/** A validated scheduling policy. */
export type SchedulingPolicyConfig = z.infer<typeof SchedulingPolicySchema>;
