import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { type PolicyStatement, policyDocument } from './policy-document';

/** A role an AWS service assumes, with exactly the permissions given. */
export interface ServiceRoleProps {
  /** Role name. */
  readonly name: string;
  /** IAM path, such as "/". */
  readonly path: string;
  /** What the role is for. */
  readonly description: string;
  /** Service principal that assumes the role, such as `batch.amazonaws.com`. */
  readonly servicePrincipal: string;
  /** Account the service must act for (`aws:SourceAccount`), against the confused deputy problem. */
  readonly sourceAccount?: string;
  /** Managed policies to attach, by ARN: AWS managed ones and the account's own. */
  readonly managedPolicyArns?: readonly string[];
  /** Statements of the role's inline policy. */
  readonly statements?: readonly PolicyStatement[];
  /** Permissions boundary, by ARN. */
  readonly permissionsBoundaryArn?: string;
  /** Also create an instance profile of the same name (roles of EC2 instances). */
  readonly instanceProfile?: boolean;
}

/** An IAM role for a service principal, its inline policy, managed policy attachments and instance profile. */
export class ServiceRole extends Construct {
  /** The role. */
  public readonly role: IamRole;
  /** The instance profile, when requested. */
  public readonly instanceProfile?: IamInstanceProfile;

  public constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const trust: PolicyStatement = {
      sid: 'AssumedByService',
      servicePrincipals: [props.servicePrincipal],
      actions: ['sts:AssumeRole'],
      resources: [],
      conditions: props.sourceAccount ? { StringEquals: { 'aws:SourceAccount': props.sourceAccount } } : undefined,
    };
    this.role = new IamRole(this, 'Resource', {
      name: props.name,
      path: props.path,
      description: props.description,
      assumeRolePolicy: trustPolicy(trust),
      permissionsBoundary: props.permissionsBoundaryArn,
    });
    if (props.statements && props.statements.length > 0) {
      new IamRolePolicy(this, 'policy', {
        name: 'least-privilege',
        role: this.role.id,
        policy: policyDocument(props.statements),
      });
    }
    for (const arn of props.managedPolicyArns ?? []) {
      new IamRolePolicyAttachment(this, attachmentId(arn), { role: this.role.name, policyArn: arn });
    }
    if (props.instanceProfile) {
      this.instanceProfile = new IamInstanceProfile(this, 'instance_profile', {
        name: props.name,
        path: props.path,
        role: this.role.name,
      });
    }
  }
}

/**
 * The attachment's construct id: `managed_<name>` for an AWS managed policy (the addresses existing
 * states hold), `managed_<account>_<path>_<name>` for an account's own, which may share an AWS
 * managed policy's name.
 */
function attachmentId(policyArn: string): string {
  const [, , , , account = '', ...rest] = policyArn.split(':');
  const resource = rest.join(':');
  if (account === 'aws') return `managed_${resource.slice(resource.lastIndexOf('/') + 1)}`;
  return `managed_${account}_${resource.replace(/^policy\//, '').replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** A trust policy has no Resource element. */
function trustPolicy(statement: PolicyStatement): string {
  const document = JSON.parse(policyDocument([statement])) as { Statement: Record<string, unknown>[] };
  delete document.Statement[0]!.Resource;
  return JSON.stringify(document);
}
