import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine';
import { Construct } from 'constructs';

/** A state machine that logs to its own log group and traces with X-Ray. */
export interface LoggedStateMachineProps {
  /** State machine name. */
  readonly name: string;
  /** Role the state machine runs as. */
  readonly roleArn: string;
  /** Amazon States Language definition, as JSON. */
  readonly definition: string;
  /** ALL, ERROR or FATAL. */
  readonly logLevel: string;
  /** Log the input and output of each state (may contain data). */
  readonly includeExecutionData: boolean;
  /** Days the execution logs are kept. */
  readonly logRetentionDays: number;
  /** X-Ray tracing. */
  readonly tracingEnabled: boolean;
}

/** A STANDARD state machine (the `.sync` integrations need it) with logging and tracing. */
export class LoggedStateMachine extends Construct {
  /** The state machine. */
  public readonly stateMachine: SfnStateMachine;
  /** Its execution log group. */
  public readonly logGroup: CloudwatchLogGroup;

  public constructor(scope: Construct, id: string, props: LoggedStateMachineProps) {
    super(scope, id);
    // The /aws/vendedlogs/ prefix keeps the log resource policy Step Functions writes under its size limit.
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/aws/vendedlogs/states/${props.name}`,
      retentionInDays: props.logRetentionDays,
    });
    this.stateMachine = new SfnStateMachine(this, 'Resource', {
      name: props.name,
      type: 'STANDARD',
      roleArn: props.roleArn,
      definition: props.definition,
      loggingConfiguration: {
        logDestination: `${this.logGroup.arn}:*`,
        includeExecutionData: props.includeExecutionData,
        level: props.logLevel,
      },
      tracingConfiguration: { enabled: props.tracingEnabled },
    });
  }
}
