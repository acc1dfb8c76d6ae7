import { SchedulingPolicySchema } from '../../../lib/configuration/schemas/scheduling-policy-schema';
import { schedulingPolicyProps } from '../../../stacks/scheduling-policy-props';

describe('schedulingPolicyProps', () => {
  test('renames the fair-share settings and each share', () => {
    const config = SchedulingPolicySchema.parse({
      name: 'fair',
      fair_share_policy: {
        compute_reservation: 10,
        share_decay_seconds: 3600,
        share_distribution: [{ share_identifier: 'video*', weight_factor: 0.5 }, { share_identifier: 'reports' }],
      },
      tags: { Team: 'batch' },
    });
    expect(schedulingPolicyProps(config)).toEqual({
      name: 'fair',
      computeReservation: 10,
      shareDecaySeconds: 3600,
      shares: [
        { shareIdentifier: 'video*', weightFactor: 0.5 },
        { shareIdentifier: 'reports', weightFactor: undefined },
      ],
      tags: { Team: 'batch' },
    });
  });

  test('a policy without shares has none', () => {
    const config = SchedulingPolicySchema.parse({ name: 'plain', fair_share_policy: {} });
    expect(schedulingPolicyProps(config).shares).toBeUndefined();
  });
});
