/** Stable URL slugs for employers. */
import slugify from "@sindresorhus/slugify";

/** A slug for `name` that `isTaken` does not claim: the plain slug, else with -2, -3 … appended. */
export function slugFor(name: string, isTaken: (slug: string) => boolean): string {
  const base = slugify(name, { decamelize: false }).slice(0, 80).replace(/-+$/, "") || "employer";
  if (!isTaken(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!isTaken(candidate)) return candidate;
  }
}
