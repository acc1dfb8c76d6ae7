/** Something the migration reports: what it could not translate (warning) or a decision worth knowing (info). */
export interface MigrationNote {
  /** warning: needs a person; info: done, but worth reading. */
  readonly level: 'warning' | 'info';
  /** The Terragrunt file or unit it is about. */
  readonly where: string;
  /** What happened and what to do. */
  readonly message: string;
}

/** Collects the notes of one migration, in order; nothing untranslated goes unsaid. */
export class MigrationNotes {
  private readonly notes: MigrationNote[] = [];

  /** Something the migration could not translate. */
  public warn(where: string, message: string): void {
    this.notes.push({ level: 'warning', where, message });
  }

  /** A decision the migration made. */
  public info(where: string, message: string): void {
    this.notes.push({ level: 'info', where, message });
  }

  /** Every note, in order. */
  public get all(): readonly MigrationNote[] {
    return this.notes;
  }

  /** The warnings only. */
  public get warnings(): readonly MigrationNote[] {
    return this.notes.filter((n) => n.level === 'warning');
  }
}
