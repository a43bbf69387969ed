/**
 * The text of an imported CSV file: UTF-8 as it is, plainly Windows-1252 decoded with iconv-lite (Node's own
 * TextDecoder("windows-1252") reads bytes 0x80–0x9F as Latin-1 control characters, nodejs/node#60888), and
 * anything else refused with the row, the column and the byte, so text arrives as written or not at all.
 */
import iconv from "iconv-lite";
import { isUtf8 } from "node:buffer";
import { InputError } from "./errors.ts";

/** Bytes Windows-1252 leaves undefined: a file holding one is in some other encoding. */
const UNDEFINED_IN_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

const SAVE_AS_UTF8 = 'Save the spreadsheet as "CSV UTF-8" and import it again';

/**
 * The file's text. UTF-8 comes back as the bytes themselves (the CSV parser reads them without a copy); a file
 * that is not UTF-8 is read as Windows-1252 only when nothing in it says otherwise. It says otherwise when it
 * holds a byte 1252 does not define, or when it also holds well-formed UTF-8 characters: then it is UTF-8 with a
 * stray byte, and reading it all as 1252 would turn every other accent into two letters ("Zoë" into "ZoÃ«").
 */
export function decodeCsvBytes(bytes: Uint8Array): string | Buffer {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isUtf8(bytes)) return buffer;
  const { firstInvalid, utf8Characters, firstUndefined } = scanUtf8(bytes);
  if (utf8Characters > 0)
    refuse(
      bytes,
      firstInvalid,
      "is not part of any UTF-8 character, though the rest of the file is UTF-8: the file has been damaged or joined from files saved in different encodings",
    );
  if (firstUndefined >= 0)
    refuse(
      bytes,
      firstUndefined,
      "is not a character in UTF-8 or in Windows-1252, so the file's encoding cannot be told",
    );
  return iconv.decode(buffer, "windows-1252");
}

/** Where UTF-8 breaks down in `bytes`, how many well-formed multi-byte characters it holds, and the first byte 1252 lacks. */
function scanUtf8(bytes: Uint8Array): { firstInvalid: number; utf8Characters: number; firstUndefined: number } {
  let firstInvalid = -1;
  let firstUndefined = -1;
  let utf8Characters = 0;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    if (firstUndefined < 0 && UNDEFINED_IN_1252.has(b)) firstUndefined = i;
    const length = sequenceLength(bytes, i);
    if (length > 0) {
      utf8Characters++;
      i += length;
    } else {
      if (firstInvalid < 0) firstInvalid = i;
      i++;
    }
  }
  return { firstInvalid, utf8Characters, firstUndefined };
}

/** The length of the well-formed UTF-8 character starting at `i` (RFC 3629's table), or 0 when there is none. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i] ?? 0;
  const at = (k: number) => bytes[i + k] ?? 0;
  const continues = (k: number, low = 0x80, high = 0xbf) => at(k) >= low && at(k) <= high;
  if (b >= 0xc2 && b <= 0xdf) return continues(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const [low, high] = b === 0xe0 ? [0xa0, 0xbf] : b === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return continues(1, low, high) && continues(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const [low, high] = b === 0xf0 ? [0x90, 0xbf] : b === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return continues(1, low, high) && continues(2) && continues(3) ? 4 : 0;
  }
  return 0;
}

/**
 * Refuses the file, naming the byte at `offset` by its spreadsheet row (the header is row 1), its column and
 * its place in the cell. Rows and cells are counted as the CSV parser counts them: line breaks and commas inside
 * quotes belong to the cell.
 */
function refuse(bytes: Uint8Array, offset: number, reason: string): never {
  let row = 1;
  let cell = 0;
  let cellStart = 0;
  let quoted = false;
  for (let i = 0; i < offset; i++) {
    const b = bytes[i];
    if (b === 0x22) quoted = !quoted;
    else if (!quoted && (b === 0x2c || b === 0x0a)) {
      if (b === 0x0a) row++;
      cell = b === 0x0a ? 0 : cell + 1;
      cellStart = i + 1;
    }
  }
  // Characters, not bytes, before it in the cell: a UTF-8 continuation byte does not start one.
  let character = 1;
  for (let i = cellStart; i < offset; i++) if (((bytes[i] ?? 0) & 0xc0) !== 0x80 && bytes[i] !== 0x22) character++;
  const byte = `0x${(bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, "0")}`;
  const column = row === 1 ? `column ${cell + 1}` : (headerColumns(bytes)[cell] ?? `column ${cell + 1}`);
  throw new InputError([
    { row, field: column, message: `byte ${byte}, character ${character} of the cell, ${reason}. ${SAVE_AS_UTF8}` },
  ]);
}

/** The header's column names as the import reads them (ASCII; anything else is not a known column anyway). */
function headerColumns(bytes: Uint8Array): string[] {
  let end = bytes.indexOf(0x0a);
  if (end < 0) end = bytes.length;
  return Buffer.from(bytes.subarray(0, end))
    .toString("latin1")
    .replace(/^\u00ef\u00bb\u00bf/, "")
    .split(",")
    .map((h) => h.replace(/"/g, "").trim().toLowerCase().replace(/\s+/g, "_"));
}
