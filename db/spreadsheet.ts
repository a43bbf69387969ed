/**
 * Spreadsheet safety, once: a CSV cell that a spreadsheet would run as a formula (text starting =, +, -, @, tab or
 * carriage return) gets a leading apostrophe, so it shows as text. Numbers are data, never formulas, and are left
 * alone. Used by `lwd export`, every download and the submit form's file; pure, so the browser can use it too.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell's text, safe to open in a spreadsheet. */
export function neutraliseCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}
