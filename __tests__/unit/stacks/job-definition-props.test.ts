import { JobDefinitionSchema } from '../../../lib/configuration/schemas/job-definition-schema';
import { jobDefinitionProps } from '../../../stacks/job-definition-props';

/** Marks what went through placeholder resolution. */
const resolve = <T>(value: T): T => ({ ...value, resolved: true });

describe('jobDefinitionProps', () => {
  test('resolves the container properties and parameters, and renames the retry strategy', () => {
    const config = JobDefinitionSchema.parse({
      name: 'render',
      container_properties: {
        image: 'public.ecr.aws/docker/library/busybox:1.36',
        resourceRequirements: [
          { type: 'VCPU', value: '1' },
          { type: 'MEMORY', value: '2048' },
        ],
      },
      parameters: { input: 's3://bucket/key' },
      timeout: { attempt_duration_seconds: 600 },
      retry_strategy: { attempts: 3, evaluate_on_exit: [{ action: 'RETRY', on_status_reason: 'Host EC2*' }] },
    });
    const props = jobDefinitionProps(config, resolve);
    expect(props).toMatchObject({
      name: 'render',
      type: 'container',
      platformCapabilities: ['EC2'],
      propagateTags: true,
      deregisterOnNewRevision: false,
      containerProperties: { resolved: true },
      parameters: { input: 's3://bucket/key', resolved: true },
      timeoutSeconds: 600,
      retryStrategy: { attempts: 3, evaluateOnExit: [{ action: 'RETRY', onStatusReason: 'Host EC2*' }] },
    });
    expect(props.ecsProperties).toBeUndefined();
    expect(props.nodeProperties).toBeUndefined();
  });

  test('a definition without retries, timeout or parameters leaves them out', () => {
    const config = JobDefinitionSchema.parse({
      name: 'plain',
      container_properties: {
        image: 'public.ecr.aws/docker/library/busybox:1.36',
        resourceRequirements: [
          { type: 'VCPU', value: '1' },
          { type: 'MEMORY', value: '2048' },
        ],
      },
    });
    const props = jobDefinitionProps(config, resolve);
    expect(props.retryStrategy).toBeUndefined();
    expect(props.timeoutSeconds).toBeUndefined();
    expect(props.parameters).toBeUndefined();
  });
});
