/**
 * The one way markup is written outside Astro components: the `html` tagged template. Every interpolated value is
 * escaped as Astro escapes text and attribute values, unless it is itself the result of an `html` template, so a
 * value from the database can only ever come out as text.
 */

/** Markup made by `html`: interpolated into another `html` template as it is. */
export class Html {
  constructor(private readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

/** What an `html` template takes: text and numbers (escaped), markup, lists of them, and nothing (left out). */
export type HtmlValue = string | number | Html | null | undefined | false | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function part(value: HtmlValue): string {
  if (value instanceof Html) return value.toString();
  if (value === null || value === undefined || value === false) return "";
  if (Array.isArray(value)) return value.map(part).join("");
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** `html\`<p>${value}</p>\``: markup with every value escaped for element content and quoted attributes. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  return new Html(strings.reduce((out, text, i) => out + part(values[i - 1]) + text));
}
