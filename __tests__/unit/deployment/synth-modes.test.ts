import { OFFLINE_APPLY_REFUSAL } from '../../../lib/deployment/offline-apply-guard';
import { synthTargetFromEnvironment, UsageError } from '../../../lib/deployment/synth-target';
import type { EnvironmentConfig } from '../../../lib/configuration/platform-config';
import { at, block, list, parsed, shippedEnvironment, synthEnvironment } from '../../support/synth-helpers';

const prod = shippedEnvironment('prod');

describe('real mode (npm run synth)', () => {
  const batch = parsed(synthEnvironment(prod, { mode: 'real' }).batch);

  test("keeps state in the account's S3 bucket under the Terragrunt-style key, encrypted and locked", () => {
    expect(at(batch.terraform, 'backend', 's3')).toEqual({
      bucket: 'gss-terraform-state-222222222222',
      key: 'prod/eu-west-1/prod/batch/terraform.tfstate',
      region: 'eu-west-1',
      encrypt: true,
      use_lockfile: true,
    });
    expect(batch.terraform.required_version).toBe('>= 1.10.0');
  });

  test("assumes the account's deploy role, refuses other accounts and tags every resource", () => {
    expect(batch.provider.aws[0]).toEqual({
      region: 'eu-west-1',
      allowed_account_ids: ['222222222222'],
      assume_role: [{ role_arn: 'arn:aws:iam::222222222222:role/gss-terraform-deployer', session_name: 'cdktf-prod' }],
      default_tags: [
        {
          tags: expect.objectContaining({ Environment: 'prod', CostCenter: 'data-platform-prod', ManagedBy: 'cdktf' }),
        },
      ],
    });
  });

  test("reads upstream outputs from the upstream stacks' state, with the same backend settings", () => {
    expect(batch.data.terraform_remote_state.sqs).toMatchObject({
      backend: 's3',
      config: {
        bucket: 'gss-terraform-state-222222222222',
        key: 'prod/eu-west-1/prod/sqs/terraform.tfstate',
        region: 'eu-west-1',
        encrypt: true,
      },
    });
    // Read only once the state object exists (the mock stands in before): see the mock outputs tests.
    expect(batch.data.terraform_remote_state.sqs.count).toBe(
      '${contains(data.aws_s3_objects.sqs_state_object.keys, ' +
        '"prod/eu-west-1/prod/sqs/terraform.tfstate") ? 1 : 0}',
    );
    expect(Object.keys(batch.data.terraform_remote_state).sort()).toEqual(['iam', 'security_group', 'sqs']);
  });

  test('has no offline guard', () => {
    expect(JSON.stringify(batch)).not.toContain(OFFLINE_APPLY_REFUSAL);
  });

  test('a DynamoDB lock table and a state role are passed on when configured', () => {
    const env: EnvironmentConfig = structuredClone(prod);
    env.settings.state.dynamodb_table = 'gss-terraform-locks';
    env.settings.state.role_arn = 'arn:aws:iam::222222222222:role/state-access';
    const sqs = parsed(synthEnvironment(env, { mode: 'real' }).sqs);
    expect(at(sqs.terraform, 'backend', 's3')).toMatchObject({
      dynamodb_table: 'gss-terraform-locks',
      assume_role: { role_arn: 'arn:aws:iam::222222222222:role/state-access' },
    });
  });
});

describe('offline mode (npm run synth:offline)', () => {
  const stacks = synthEnvironment(prod, { mode: 'offline' });

  test('uses a local backend, dummy credentials and no AWS lookups', () => {
    const batch = parsed(stacks.batch);
    expect(batch.terraform.backend).toEqual({ local: { path: 'terraform.tfstate' } });
    expect(batch.provider.aws[0]).toMatchObject({
      access_key: 'offline-plan',
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
    });
    expect(batch).not.toHaveProperty('data');
  });

  test('replaces upstream outputs with mocks predicted from the naming convention', () => {
    const batch = parsed(stacks.batch);
    expect(batch.resource.aws_batch_compute_environment.compute_environment.service_role).toBe(
      'arn:aws:iam::222222222222:role/gss-prod-scm-batch-processor-batch-role',
    );
  });

  test('every resource refuses to be applied', () => {
    for (const json of Object.values(stacks)) {
      const stack = parsed(json);
      const resources = Object.values(stack.resource).flatMap((byName) => Object.values(byName));
      expect(resources.length).toBeGreaterThan(0);
      for (const resource of resources) {
        expect(at(resource, 'lifecycle', 'precondition')).toContainEqual({
          condition: '${!terraform.applying}',
          error_message: OFFLINE_APPLY_REFUSAL,
        });
      }
    }
  });
});

describe('local mode (npm run synth:local)', () => {
  const target = synthTargetFromEnvironment({ SYNTH_MODE: 'local', LOCAL_AWS_ENDPOINT: 'http://127.0.0.1:4599' });
  const batch = parsed(synthEnvironment(prod, target).batch);

  test('keeps state in the local S3 through its endpoint', () => {
    expect(at(batch.terraform, 'backend', 's3')).toMatchObject({
      bucket: 'gss-terraform-state-222222222222',
      use_path_style: true,
      endpoints: { s3: 'http://127.0.0.1:4599' },
      skip_credentials_validation: true,
      use_lockfile: true,
    });
    expect(batch.data.terraform_remote_state.iam.config).toMatchObject({
      use_path_style: true,
      endpoints: { s3: 'http://127.0.0.1:4599' },
    });
  });

  test('points every service the stacks use at the local AWS', () => {
    const endpoints = block(list(batch.provider.aws[0]!.endpoints)[0]);
    for (const service of ['batch', 'iam', 'ec2', 'sqs', 'sfn', 'logs', 'sts', 's3'])
      expect(endpoints[service]).toBe('http://127.0.0.1:4599');
  });

  test("defaults to moto_server's address and rejects anything but an address", () => {
    expect(synthTargetFromEnvironment({ SYNTH_MODE: 'local' })).toMatchObject({
      localEndpoint: 'http://127.0.0.1:5000',
      localAccountId: '123456789012',
    });
    expect(() => synthTargetFromEnvironment({ SYNTH_MODE: 'local', LOCAL_AWS_ENDPOINT: '127.0.0.1:5000/x' })).toThrow(
      UsageError,
    );
    expect(() => synthTargetFromEnvironment({ SYNTH_MODE: 'cloud' })).toThrow('allowed: real, offline, local');
  });
});
