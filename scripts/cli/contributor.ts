/** `lwd contributor add | list`. */
import { addContributor, listContributors } from "../../db/domain/contributors.ts";
import { dbFor, dbToRead, printJson, say, table, type GlobalOptions } from "./context.ts";

export function contributorAdd(
  handle: string,
  options: GlobalOptions & { name?: string; role?: string; email?: string; organisation?: string; credit?: boolean },
): void {
  const db = dbFor(options);
  const added = addContributor(
    db,
    {
      handle,
      name: options.name ?? "",
      role: options.role ?? "",
      email: options.email,
      organisation: options.organisation,
      isCredited: options.credit ?? false,
    },
    options.as ?? process.env.LWD_AS,
  );
  if (options.json) printJson(added);
  else say(`Added ${added.role} ${added.handle} (${added.name}).`);
}

export function contributorList(options: GlobalOptions): void {
  const list = listContributors(dbToRead(options));
  if (options.json) return printJson(list);
  process.stdout.write(`${table([["handle", "role", "name"], ...list.map((c) => [c.handle, c.role, c.name])])}\n`);
}
