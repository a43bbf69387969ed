/** Text bound for a terminal: stored data may hold control characters that a terminal would obey. */

/** Shows control characters (escape sequences, bells, carriage returns) as `\u001b` and so on; keeps newlines. */
export function printable(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- matching control characters is what this pattern is for
    /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
