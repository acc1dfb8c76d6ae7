import type { AttributeChange } from './attribute-changes';
import type { DryRunReport } from './dry-run';
import type { MigrationNote } from './migration-notes';

/** An existing resource a new stack adopts. */
export interface AdoptedResource {
  /** Its address in the new stack. */
  readonly address: string;
  /** Its address in the old state (and the part of it, for a part). */
  readonly from: string;
  /** The unit whose state held it. */
  readonly unit: string;
  /** same-address, moved (a moved block) or imported (an import block). */
  readonly how: 'same-address' | 'moved' | 'imported';
  /** What identified it, or the purpose it serves. */
  readonly identity: string;
  /** The import id, for imported resources. */
  readonly importId?: string;
}

/** An argument of an adopted resource kept as the existing object has it (config adoption keep). */
export interface KeptAttribute {
  /** The resource in the new stack. */
  readonly address: string;
  /** The argument. */
  readonly attribute: string;
  /** The existing value, kept. */
  readonly existing: unknown;
  /** What the stack would write instead; undefined for the provider's default. */
  readonly generated: unknown;
  /** Why the stack would write it. */
  readonly why: string;
  /** Whether writing it would replace the resource. */
  readonly wouldReplace: boolean;
}

/** A policy finding on an adopted resource, accepted as it was (config policy.suppressions). */
export interface AdoptedFinding {
  /** The resource. */
  readonly resource: string;
  /** The rule. */
  readonly rule: string;
  /** What the rule found. */
  readonly finding: string;
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
  /** Arguments kept as the existing objects have them. */
  readonly kept: readonly KeptAttribute[];
  /**
   * Arguments the first plan still changes on adopted resources, as far as the migration can tell without Terraform.
   */
  readonly changes: readonly (AttributeChange & { readonly address: string })[];
  /** Resources the first apply creates, and why. */
  readonly created: readonly { readonly address: string; readonly why: string }[];
  /** Resources the stack's state forgets (removed blocks, destroy = false): left in AWS. */
  readonly forgotten: readonly { readonly from: string; readonly reason: string }[];
  /** Policy findings on adopted resources, accepted with the reason "adopted from Terragrunt". */
  readonly findings: readonly AdoptedFinding[];
}

/** How one unit was read and where it went. */
export interface UnitReport {
  /** The unit's folder relative to the tree. */
  readonly unit: string;
  /** Its environment. */
  readonly environment?: string;
  /** Where its state was read from. */
  readonly state: string;
  /** Resource instances in its state. */
  readonly resources: number;
  /** The module it is about. */
  readonly module?: string;
  /** The stack that takes over its state, if one does. */
  readonly takenOverBy?: string;
  /** The workspace that retires its state, if one does. */
  readonly retiredBy?: string;
}

/** The whole migration report (written as migration-report.json and migration-report.md). */
export interface MigrationReport {
  /** The Terragrunt live tree. */
  readonly terragrunt: string;
  /** Where the states were read from: a folder, or the units' backends. */
  readonly states: string;
  /** Whether the migration finished: its configuration loads and every stack synthesizes. */
  readonly finished: boolean;
  /** Each unit, as read. */
  readonly units: readonly UnitReport[];
  /** Stacks by environment. */
  readonly environments: readonly { readonly name: string; readonly stacks: readonly StackReport[] }[];
  /** States no stack takes over that are emptied by a workspace of their own, after the stacks are applied. */
  readonly retired: readonly {
    readonly unit: string;
    readonly folder: string;
    readonly removed: readonly { readonly from: string; readonly reason: string }[];
  }[];
  /** Existing resources nobody adopts whose state nobody takes over or retires: still Terragrunt's. */
  readonly leftInOldStates: readonly { readonly unit: string; readonly address: string }[];
  /** Errors, warnings and decisions, in order. */
  readonly notes: readonly MigrationNote[];
  /** The dry run's outcome, when one was made. */
  readonly dryRun?: DryRunReport;
}

/** Why a new stack has a resource no existing one matched, by type. */
export const CREATED_REASONS: Readonly<Record<string, string>> = {
  aws_sqs_queue_policy: 'queue policy that refuses every request not made over TLS (CKV_AWS_72/168)',
  aws_sqs_queue_redrive_allow_policy: 'only its queue may move messages to the dead-letter queue',
  aws_sqs_queue: 'a dead-letter queue the queue did not have: every queue of the sqs stack has one',
  aws_cloudwatch_log_group: 'a log group the old modules did not manage (state machine execution logs: CKV_AWS_285)',
  aws_iam_role: 'a role the old modules did not have (such as the ECS execution role of the jobs)',
  aws_iam_role_policy: 'the least-privilege inline policy generated from config',
  aws_iam_role_policy_attachment: 'a managed policy the iam stack attaches',
  aws_iam_instance_profile: 'the instance profile of the Batch instance role',
  aws_vpc_security_group_egress_rule: 'an outbound rule the existing security group did not have',
};

/** The report as Markdown, for people: what stopped it, a summary table per environment, then every detail. */
export function renderReport(report: MigrationReport): string {
  const errors = report.notes.filter((n) => n.level === 'error');
  const warnings = report.notes.filter((n) => n.level === 'warning');
  const lines: string[] = [
    '# Migration report',
    '',
    `Terragrunt tree: \`${report.terragrunt}\``,
    `States: ${report.states}`,
    '',
    report.finished
      ? `**Finished**, with ${warnings.length} warning(s)${
          warnings.length > 0 ? ': see Warnings below; each needs a ' + 'person' : ''
        }.`
      : `**Could not finish**: ${errors.length} problem(s) below. Fix each where it says, then migrate again; ` +
        `nothing was changed in AWS or in any state.`,
    '',
  ];
  if (errors.length > 0) lines.push('## Problems', '', ...errors.map((n) => `- ${n.where}: ${n.message}`), '');
  if (report.units.length > 0) {
    lines.push('## Units', '', '| unit | state | resources | about | becomes |', '| --- | --- | --- | --- | --- |');
    for (const u of report.units) {
      const becomes = u.takenOverBy
        ? `state taken over by ${u.takenOverBy}`
        : u.retiredBy
          ? `retired by ${u.retiredBy}`
          : u.resources > 0
            ? 'left to Terragrunt'
            : '-';
      lines.push(`| ${u.unit} | ${u.state} | ${u.resources} | ${u.module ?? '-'} | ${becomes} |`);
    }
    lines.push('');
  }
  if (report.dryRun) lines.push(...renderDryRun(report.dryRun));
  for (const environment of report.environments) {
    lines.push(
      `## ${environment.name}`,
      '',
      '| stack | state | adopted (same / moved / imported) | kept | created | forgotten | findings accepted |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const s of environment.stacks) {
      const count = (how: string): number => s.adopted.filter((a) => a.how === how).length;
      lines.push(
        `| ${s.stack} | ${s.state.takesOver ? `takes over ${s.state.takesOver}` : 'new'} (\`${s.state.key}\`) | ` +
          `${count('same-address')} / ${count('moved')} / ${count('imported')} | ${s.kept.length} | ` +
          `${s.created.length} | ${s.forgotten.length} | ${s.findings.length} |`,
      );
    }
    lines.push('');
    for (const s of environment.stacks) lines.push(...renderStack(s));
  }
  if (report.retired.length > 0) {
    lines.push(
      '## Retired states',
      '',
      'No stack takes these states over. Once every stack of the environment is applied, empty each with its ' +
        'workspace (`cd <folder> && terraform init && terraform apply -refresh=false`): it forgets every resource ' +
        'listed, and changes nothing in AWS.',
      '',
    );
    for (const r of report.retired) {
      lines.push(`### ${r.unit} (\`${r.folder}\`)`, '');
      for (const removed of r.removed) lines.push(`- \`${removed.from}\`: ${removed.reason}`);
      lines.push('');
    }
  }
  if (report.leftInOldStates.length > 0) {
    lines.push('## Left in the old states', '', 'No stack adopts these: Terragrunt still manages them.', '');
    for (const l of report.leftInOldStates) lines.push(`- ${l.unit}: \`${l.address}\``);
    lines.push('');
  }
  lines.push('## Warnings', '');
  lines.push(...(warnings.length > 0 ? warnings.map((n) => `- ${n.where}: ${n.message}`) : ['None.']), '');
  const infos = report.notes.filter((n) => n.level === 'info');
  if (infos.length > 0) lines.push('## Decisions', '', ...infos.map((n) => `- ${n.where}: ${n.message}`), '');
  return lines.join('\n');
}

function renderStack(s: StackReport): string[] {
  const lines = [`### ${s.stack}`, ''];
  if (s.adopted.length > 0) {
    lines.push('Adopted:', '');
    for (const a of s.adopted)
      lines.push(
        `- \`${a.address}\` ← \`${a.from}\` (${a.unit}; ` +
          (a.how === 'same-address'
            ? 'same address'
            : a.how === 'moved'
              ? 'moved block'
              : `import block, id \`${a.importId}\``) +
          `; ${a.identity})`,
      );
    lines.push('');
  }
  if (s.kept.length > 0) {
    lines.push(
      'Kept as they are (`adoption.' +
        s.module +
        '.keep`; delete an entry to let the stack write its own value, which the next plan shows as a change):',
      '',
    );
    for (const k of s.kept)
      lines.push(
        `- \`${k.address}\` ${k.attribute}: ${brief(k.existing)}; the stack would write ` +
          (k.generated === undefined ? 'the provider default' : brief(k.generated)) +
          `${k.wouldReplace ? ', which **replaces** the resource' : ''} (${k.why})`,
      );
    lines.push('');
  }
  if (s.changes.length > 0) {
    lines.push('Changes on the first apply:', '');
    for (const c of s.changes)
      lines.push(
        `- ${c.replaces ? '**REPLACES** ' : ''}\`${c.address}\` ${c.attribute}: ${brief(c.before)} → ` +
          `${c.after === undefined ? 'the provider default' : brief(c.after)}. ${c.why}.`,
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
  if (s.findings.length > 0) {
    lines.push(
      'Policy findings accepted as they were (`policy.suppressions`, reason "adopted from Terragrunt"; fix the ' +
        'resource, then delete the suppression):',
      '',
    );
    for (const f of s.findings) lines.push(`- \`${f.resource}\` ${f.rule}: ${f.finding}`);
    lines.push('');
  }
  return lines;
}

function renderDryRun(dryRun: DryRunReport): string[] {
  const lines = [
    '## Dry run',
    '',
    `Every stack planned with Terraform against local copies of the states ` +
      `(${dryRun.refresh ? 'refreshed against AWS' : 'without refreshing'}); the states themselves were not touched.`,
    '',
    '| workspace | create | update | replace | destroy | import | move | forget | result |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const p of dryRun.plans)
    lines.push(
      `| ${p.workspace} | ${p.create.length} | ${p.update.length} | ` +
        `${p.replace.length === 0 ? '0' : `**${p.replace.length}**`} | ` +
        `${p.destroy.length === 0 ? '0' : `**${p.destroy.length}**`} | ${p.import.length} | ${p.move.length} | ` +
        `${p.forget.length} | ${p.error ? `failed: ${p.error.split('\n')[0]}` : 'planned'} |`,
    );
  lines.push('');
  for (const p of dryRun.plans.filter((x) => x.update.length + x.replace.length + x.destroy.length > 0)) {
    lines.push(`${p.workspace}:`, '');
    for (const u of p.update)
      lines.push(`- update \`${u.address}\`: ${u.attributes.join(', ')}${u.why ? ` (${u.why})` : ''}`);
    for (const r of p.replace) lines.push(`- **replace** \`${r.address}\`: ${r.attributes.join(', ')}`);
    for (const d of p.destroy) lines.push(`- **destroy** \`${d}\``);
    lines.push('');
  }
  return lines;
}

function brief(value: unknown): string {
  if (value === undefined || value === null) return '(none)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const oneLine = text.replace(/\s+/g, ' ');
  return `\`${oneLine.length > 100 ? `${oneLine.slice(0, 97)}...` : oneLine}\``;
}
