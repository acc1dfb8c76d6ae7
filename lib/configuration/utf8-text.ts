import { isUtf8 } from 'buffer';

/** Where UTF-8 decoding failed: the byte offset, and the line and column of the text before it. */
export interface NotUtf8 {
  /** 0-based offset of the first byte that is not UTF-8. */
  readonly offset: number;
  /** 1-based line of that byte. */
  readonly line: number;
  /** 1-based column (in characters) of that byte. */
  readonly column: number;
  /** What was found there, in words. */
  readonly found: string;
}

/** The text of UTF-8 bytes, or where they stop being UTF-8. */
export function decodeUtf8(bytes: Buffer): { readonly text: string } | { readonly notUtf8: NotUtf8 } {
  const text = bytes.toString('utf8');
  if (isUtf8(bytes)) return { text };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const mark = bytes[0] === 0xff ? 'FF FE' : 'FE FF';
    return {
      notUtf8: { offset: 0, line: 1, column: 1, found: `a UTF-16 byte order mark (${mark}): the file is UTF-16` },
    };
  }
  // Node decodes each invalid sequence as U+FFFD: the first one the bytes do not spell out is where they stop.
  for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) {
    const before = text.slice(0, i);
    const offset = Buffer.byteLength(before);
    if (bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd) continue;
    const lineStart = before.lastIndexOf('\n') + 1;
    const byte = bytes[offset]!.toString(16).toUpperCase().padStart(2, '0');
    return {
      notUtf8: {
        offset,
        line: before.split('\n').length,
        column: i - lineStart + 1,
        found: `the byte 0x${byte} at byte offset ${offset}, which is not UTF-8 (a Latin-1 or Windows-1252 file?)`,
      },
    };
  }
  // isUtf8 and the decoder disagree only on what the loop above finds; kept total for the type checker.
  return { notUtf8: { offset: bytes.length, line: 1, column: 1, found: 'bytes that are not UTF-8' } };
}
