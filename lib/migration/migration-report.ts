import type { AttributeChange } from './attribute-changes';
import type { MigrationNote } from './migration-notes';

/** An existing resource a new stack adopts. */
export interface AdoptedResource {
  /** Its address in the new stack. */
  readonly address: string;
  /** Its address in the old state. */
  readonly from: string;
  /** The unit whose state held it. */
  readonly unit: string;
  /** same-address, moved (a moved block) or imported (an import block). */
  readonly how: 'same-address' | 'moved' | 'imported';
  /** What identified it. */
  readonly identity: string;
  /** The import id, for imported resources. */
  readonly importId?: string;
}

/** What the migration does to one stack. */
export interface StackReport {
  /** Stack name. */
  readonly stack: string;
  /** Its module. */
  readonly module: string;
  /** Its state, and the unit whose state it takes over (same bucket and key). */
  readonly state: { readonly bucket: string; readonly key: string; readonly takesOver?: string };
  /** Resources adopted. */
  readonly adopted: readonly AdoptedResource[];
  /** Attributes the first plan changes on adopted resources. */
  readonly changes: readonly (AttributeChange & { readonly address: string })[];
  /** Resources the first apply creates, and why. */
  readonly created: readonly { readonly address: string; readonly why: string }[];
  /** Resources the stack's state forgets (removed blocks, destroy = false): left in AWS. */
  readonly forgotten: readonly { readonly from: string; readonly reason: string }[];
}

/** The whole migration report (written as migration-report.json and migration-report.md). */
export interface MigrationReport {
  /** The Terragrunt live tree. */
  readonly terragrunt: string;
  /** Folder the states were read from, if any. */
  readonly stateDir?: string;
  /** Stacks by environment. */
  readonly environments: readonly { readonly name: string; readonly stacks: readonly StackReport[] }[];
  /** Existing resources nobody adopts whose state no stack takes over: still only in the old state. */
  readonly leftInOldStates: readonly { readonly unit: string; readonly address: string }[];
  /** Warnings and decisions, in order. */
  readonly notes: readonly MigrationNote[];
}

/** Why a new stack has a resource no existing one matched, by type. */
export const CREATED_REASONS: Readonly<Record<string, string>> = {
  aws_sqs_queue_policy: 'queue policy that refuses every request not made over TLS (CKV_AWS_72/168)',
  aws_sqs_queue_redrive_allow_policy: 'only the core queue may move messages to its dead-letter queue',
  aws_cloudwatch_log_group: 'a log group the old module did not manage (state machine execution logs: CKV_AWS_285)',
  aws_iam_role: 'a role the old modules did not have (such as the ECS execution role of the jobs)',
  aws_iam_role_policy: 'the least-privilege inline policy (named least-privilege) generated from config',
  aws_iam_role_policy_attachment: 'a managed policy the iam stack attaches',
  aws_vpc_security_group_egress_rule: 'an outbound rule the old security group did not have',
};

/** The report as Markdown, for people: a summary table per environment, then every detail. */
export function renderReport(report: MigrationReport): string {
  const lines: string[] = [
    '# Migration report',
    '',
    `Terragrunt tree: \`${report.terragrunt}\``,
    `States: ${report.stateDir ? `\`${report.stateDir}\`` : 'none given (nothing adopted: give --state-dir to adopt the existing resources)'}`,
    '',
  ];
  const warnings = report.notes.filter((n) => n.level === 'warning');
  lines.push(
    `**${warnings.length} warning(s)**: ${warnings.length === 0 ? 'everything was translated.' : 'see Warnings below; each needs a person.'}`,
    '',
  );
  for (const environment of report.environments) {
    lines.push(
      `## ${environment.name}`,
      '',
      '| stack | state | adopted (same / moved / imported) | changed | replaced | created | forgotten |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const s of environment.stacks) {
      const count = (how: string) => s.adopted.filter((a) => a.how === how).length;
      const changed = new Set(s.changes.map((c) => c.address)).size;
      const replaced = new Set(s.changes.filter((c) => c.replaces).map((c) => c.address)).size;
      lines.push(
        `| ${s.stack} | ${s.state.takesOver ? `takes over ${s.state.takesOver}` : 'new'} (\`${s.state.key}\`) | ${count('same-address')} / ${count('moved')} / ${count('imported')} | ${changed} | ${replaced === 0 ? '0' : `**${replaced}**`} | ${s.created.length} | ${s.forgotten.length} |`,
      );
    }
    lines.push('');
    for (const s of environment.stacks) {
      lines.push(`### ${s.stack}`, '');
      if (s.adopted.length > 0) {
        lines.push('Adopted:', '');
        for (const a of s.adopted)
          lines.push(
            `- \`${a.address}\` ← \`${a.from}\` (${a.unit}; ${a.how === 'same-address' ? 'same address' : a.how === 'moved' ? 'moved block' : `import block, id \`${a.importId}\``}; ${a.identity})`,
          );
        lines.push('');
      }
      if (s.changes.length > 0) {
        lines.push('Changes on the first apply:', '');
        for (const c of s.changes)
          lines.push(
            `- ${c.replaces ? '**REPLACES** ' : ''}\`${c.address}\` ${c.attribute}: ${brief(c.before)} → ${c.after === undefined ? 'the provider default' : brief(c.after)}. ${c.why}.`,
          );
        lines.push('');
      }
      if (s.created.length > 0) {
        lines.push('Created:', '');
        for (const c of s.created) lines.push(`- \`${c.address}\`: ${c.why}`);
        lines.push('');
      }
      if (s.forgotten.length > 0) {
        lines.push('Forgotten by the state (removed block, destroy = false; the resource stays in AWS):', '');
        for (const f of s.forgotten) lines.push(`- \`${f.from}\`: ${f.reason}`);
        lines.push('');
      }
    }
  }
  if (report.leftInOldStates.length > 0) {
    lines.push(
      '## Left in the old states',
      '',
      'No stack adopts these and no stack takes over their state: Terragrunt still manages them.',
      '',
    );
    for (const l of report.leftInOldStates) lines.push(`- ${l.unit}: \`${l.address}\``);
    lines.push('');
  }
  lines.push('## Warnings', '');
  lines.push(...(warnings.length > 0 ? warnings.map((n) => `- ${n.where}: ${n.message}`) : ['None.']), '');
  const infos = report.notes.filter((n) => n.level === 'info');
  if (infos.length > 0) lines.push('## Decisions', '', ...infos.map((n) => `- ${n.where}: ${n.message}`), '');
  return `${lines.join('\n')}`;
}

function brief(value: unknown): string {
  if (value === undefined || value === null) return '(none)';
  if (typeof value === 'object' && value !== null && 'reason' in value && Object.keys(value).length === 1)
    return '(known after apply)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const oneLine = text.replace(/\s+/g, ' ');
  return `\`${oneLine.length > 100 ? `${oneLine.slice(0, 97)}...` : oneLine}\``;
}
