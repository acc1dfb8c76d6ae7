/** One finding of ValidateStateMachineDefinition, in the shape of the Step Functions API. */
export interface AslDiagnostic {
  /** ERROR (asl-validator reports errors only). */
  readonly severity: 'ERROR';
  /** The Step Functions or asl-validator error code. */
  readonly code: string;
  /** What is wrong. */
  readonly message: string;
  /** A JSON pointer into the definition, when the finding has a place. */
  readonly location?: string;
}

/** The diagnostics asl-validator finds in a definition's text; none means it is valid. */
export function diagnosticsOf(text: string): AslDiagnostic[];
