import * as fs from 'fs';
import * as path from 'path';

/** What Terraform records in `.terraform/terraform.tfstate` about the backend a folder was initialised for. */
interface BackendRecord {
  readonly backend?: { readonly type?: string; readonly config?: Readonly<Record<string, unknown>> };
}

/**
 * The settings of a stack's backend that differ from those its working data was initialised
 * with, as `name: "old" -> "new"`; empty when they are the same or the stack was never
 * initialised. Terraform refuses to run on such a folder ("Backend configuration changed"); this
 * says what changed in the stack's own terms.
 */
export function backendChanges(stackDir: string): string[] {
  const recordFile = path.join(stackDir, '.terraform', 'terraform.tfstate');
  if (!fs.existsSync(recordFile)) return [];
  const record = (JSON.parse(fs.readFileSync(recordFile, 'utf8')) as BackendRecord).backend;
  if (!record?.type) return [];
  const stack = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as {
    terraform?: { backend?: Readonly<Record<string, Readonly<Record<string, unknown>>>> };
  };
  const [type, settings] = Object.entries(stack.terraform?.backend ?? {})[0] ?? ['local', {}];
  if (type !== record.type) return [`backend: ${record.type} -> ${type}`];
  const recorded = record.config ?? {};
  return [...new Set([...Object.keys(recorded), ...Object.keys(settings)])]
    .sort()
    .filter((name) => canonical(recorded[name]) !== canonical(settings[name]))
    .map((name) => `${name}: ${shown(recorded[name])} -> ${shown(settings[name])}`);
}

/** Unset and null are the same to Terraform; objects compare by content, whatever their key order. */
function canonical(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined);
  return `{${entries
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
    .join(',')}}`;
}

function shown(value: unknown): string {
  return value === undefined || value === null ? '(unset)' : JSON.stringify(value);
}

/** The one message for a stack whose backend changed: what changed, and the two ways on. */
export function backendChangeMessage(stack: string, stackDir: string, changes: readonly string[]): string {
  const data = fs.realpathSync(path.join(stackDir, '.terraform'));
  return [
    `${stack}: its backend changed since Terraform last used it here (${changes.join('; ')}); nothing was run.`,
    `To copy its state to the new place: npm run cdktf -- diff ${stack} --migrate-state.`,
    'To start at the new place as it is (its state was moved already):',
    `rm -r ${path.relative(process.cwd(), data) || data}`,
    '(working data only: no state is kept there).',
  ].join(' ');
}
