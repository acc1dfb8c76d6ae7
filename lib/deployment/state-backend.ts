import { LocalBackend, S3Backend, type S3BackendConfig, type TerraformStack } from 'cdktf';
import type { StateLocation } from './state-location';
import type { SynthTarget } from './synth-target';

/** Credentials the local AWS accepts; it checks none. */
export const LOCAL_AWS_CREDENTIALS = { accessKey: 'local-aws', secretKey: 'local-aws' } as const;

/**
 * S3 backend settings for `location`: on AWS as configured, on the local AWS through its endpoint.
 * Shared by the stack's own backend and by the remote state of its dependents.
 */
export function s3BackendSettings(location: StateLocation, target: SynthTarget): S3BackendConfig {
  const base: S3BackendConfig = {
    bucket: location.bucket,
    key: location.key,
    region: location.region,
    encrypt: true,
    ...(location.dynamodbTable ? { dynamodbTable: location.dynamodbTable } : {}),
  };
  if (target.mode === 'local') {
    return {
      ...base,
      ...LOCAL_AWS_CREDENTIALS,
      endpoints: {
        s3: target.localEndpoint!,
        sts: target.localEndpoint!,
        iam: target.localEndpoint!,
        dynamodb: target.localEndpoint!,
      },
      usePathStyle: true,
      skipCredentialsValidation: true,
      skipRequestingAccountId: true,
      skipMetadataApiCheck: true,
      skipRegionValidation: true,
    };
  }
  return location.roleArn ? { ...base, assumeRole: { roleArn: location.roleArn } } : base;
}

/**
 * The stack's backend: S3 on AWS and on the local AWS, a local file when planning offline
 * (never written: offline stacks are only planned).
 */
export function configureStateBackend(stack: TerraformStack, location: StateLocation, target: SynthTarget): void {
  if (target.mode === 'offline') {
    new LocalBackend(stack, { path: 'terraform.tfstate' });
    return;
  }
  const backend = new S3Backend(stack, s3BackendSettings(location, target));
  // cdktf 0.21's S3Backend predates S3-native locking (Terraform >= 1.10).
  if (location.useLockfile) backend.addOverride('use_lockfile', true);
}
