import { BatchSchedulingPolicy as SchedulingPolicyResource } from '@cdktf/provider-aws/lib/batch-scheduling-policy';
import { Construct } from 'constructs';

/** A share identifier and its weight. */
export interface ShareProps {
  /** Identifier given at submit (SubmitJob shareIdentifier); a trailing `*` matches a prefix. */
  readonly shareIdentifier: string;
  /** Lower gets more of the queue. @default 1 */
  readonly weightFactor?: number;
}

/** A fair-share scheduling policy. */
export interface BatchSchedulingPolicyProps {
  /** Policy name. */
  readonly name: string;
  /** Percent of the maximum vCPUs held back for share identifiers not yet active (0-99). @default 0 */
  readonly computeReservation?: number;
  /** Seconds of past usage that count (0-604800). @default 0, current usage only */
  readonly shareDecaySeconds?: number;
  /** Weights of known share identifiers. @default every identifier weighs 1 */
  readonly shares?: readonly ShareProps[];
  /** Tags of this resource, on top of the provider's default tags. */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A fair-share scheduling policy. A queue that uses it needs a shareIdentifier on every
 * SubmitJob, and orders each share's jobs by the job definitions' schedulingPriority.
 */
export class BatchSchedulingPolicy extends Construct {
  /** The policy. */
  public readonly policy: SchedulingPolicyResource;

  public constructor(scope: Construct, id: string, props: BatchSchedulingPolicyProps) {
    super(scope, id);
    this.policy = new SchedulingPolicyResource(this, 'Resource', {
      name: props.name,
      fairSharePolicy: {
        ...(props.computeReservation !== undefined ? { computeReservation: props.computeReservation } : {}),
        ...(props.shareDecaySeconds !== undefined ? { shareDecaySeconds: props.shareDecaySeconds } : {}),
        ...(props.shares && props.shares.length > 0
          ? {
              shareDistribution: props.shares.map((share) => ({
                shareIdentifier: share.shareIdentifier,
                ...(share.weightFactor !== undefined ? { weightFactor: share.weightFactor } : {}),
              })),
            }
          : {}),
      },
      ...(props.tags ? { tags: { ...props.tags } } : {}),
    });
  }
}
