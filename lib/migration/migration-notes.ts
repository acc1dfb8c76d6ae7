/**
 * Something the migration reports: a problem that keeps it from finishing (error), what it could
 * not translate (warning), or a decision worth knowing (info).
 */
export interface MigrationNote {
  /** error: the migration could not finish; warning: needs a person; info: done, but worth reading. */
  readonly level: 'error' | 'warning' | 'info';
  /** The Terragrunt file (relative to the tree, with `:line` where known), unit or setting it is about. */
  readonly where: string;
  /** What happened and what to do. */
  readonly message: string;
}

/**
 * Collects the notes of one migration, in order; nothing untranslated goes unsaid, and nothing
 * twice (a root file every unit includes is read once per unit).
 */
export class MigrationNotes {
  private readonly notes: MigrationNote[] = [];
  private readonly said = new Set<string>();

  public constructor(
    /** Told of each note as it is made (the command prints warnings and errors as they come). */
    private readonly listener: (note: MigrationNote) => void = () => undefined,
    /** The live tree: its files are named relative to it, wherever a message names them. */
    private readonly root?: string,
  ) {}

  /** A problem that keeps the migration from finishing. */
  public error(where: string, message: string): void {
    this.add({ level: 'error', where, message });
  }

  /** Something the migration could not translate. */
  public warn(where: string, message: string): void {
    this.add({ level: 'warning', where, message });
  }

  /** A decision the migration made. */
  public info(where: string, message: string): void {
    this.add({ level: 'info', where, message });
  }

  private add(given: MigrationNote): void {
    const relative = (text: string): string => (this.root ? text.split(`${this.root}/`).join('') : text);
    const note = { ...given, where: relative(given.where), message: relative(given.message) };
    const key = JSON.stringify(note);
    if (this.said.has(key)) return;
    this.said.add(key);
    this.notes.push(note);
    this.listener(note);
  }

  /** Every note, in order. */
  public get all(): readonly MigrationNote[] {
    return this.notes;
  }

  /** The errors only. */
  public get errors(): readonly MigrationNote[] {
    return this.notes.filter((n) => n.level === 'error');
  }

  /** The warnings only. */
  public get warnings(): readonly MigrationNote[] {
    return this.notes.filter((n) => n.level === 'warning');
  }
}
