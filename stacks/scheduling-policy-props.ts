import type { SchedulingPolicyConfig } from '../lib/configuration/schemas/scheduling-policy-schema';
import type { BatchSchedulingPolicyProps } from '../lib/constructs/batch/batch-scheduling-policy';

/** A fair-share scheduling policy of batch-json as the construct takes it. */
export function schedulingPolicyProps(config: SchedulingPolicyConfig): BatchSchedulingPolicyProps {
  const policy = config.fair_share_policy;
  return {
    name: config.name,
    computeReservation: policy.compute_reservation,
    shareDecaySeconds: policy.share_decay_seconds,
    shares: policy.share_distribution?.map((share) => ({
      shareIdentifier: share.share_identifier,
      weightFactor: share.weight_factor,
    })),
    tags: config.tags,
  };
}
