import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * A parsed JSON file a test edits freely, into shapes the schemas reject too (the bad-input
 * tests' point): the one place the tests opt out of types, since no type describes invalid input.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the reason is above
export type EditableJson = any;

/** The project folder. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** A throwaway copy of the shipped config/ and batch-json/ that a test may break. */
export class ConfigFixture {
  /** Copies the shipped configuration into a new temporary folder. */
  public static copy(): ConfigFixture {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-config-'));
    for (const folder of ['config', 'batch-json'])
      fs.cpSync(path.join(PROJECT_ROOT, folder), path.join(root, folder), { recursive: true });
    return new ConfigFixture(root);
  }

  private constructor(public readonly root: string) {}

  /** Parses a file, lets `edit` change it, writes it back. */
  public editJson(file: string, edit: (value: EditableJson) => void): this {
    const full = path.join(this.root, file);
    const value = JSON.parse(fs.readFileSync(full, 'utf8'));
    edit(value);
    fs.writeFileSync(full, `${JSON.stringify(value, null, 2)}\n`);
    return this;
  }

  /** Writes raw text to a file. */
  public write(file: string, text: string): this {
    fs.mkdirSync(path.dirname(path.join(this.root, file)), { recursive: true });
    fs.writeFileSync(path.join(this.root, file), text);
    return this;
  }

  /** Deletes a file or folder. */
  public remove(file: string): this {
    fs.rmSync(path.join(this.root, file), { recursive: true, force: true });
    return this;
  }

  /** Path of a file of the fixture. */
  public path(file: string): string {
    return path.join(this.root, file);
  }

  /** Deletes the fixture. */
  public dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
