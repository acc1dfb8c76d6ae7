/**
 * Orders strings by UTF-16 code units, as Array.prototype.sort does: the same everywhere, unlike localeCompare, whose
 * order depends on the machine's locale.
 */
export function codePointOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
