/**
 * What a command leaves to do when it ends, whatever the outcome: closing the databases it opened to write (see
 * context.ts). Kept apart from context.ts so that lwd.ts can run it without loading the database code at start-up.
 */
const tasks: ((succeeded: boolean) => void)[] = [];

/** Runs `task` when the command ends, told whether it succeeded. */
export function whenCommandEnds(task: (succeeded: boolean) => void): void {
  tasks.push(task);
}

/** Runs what the command left to do, in the order it was left. */
export function commandEnded(succeeded: boolean): void {
  for (const task of tasks.splice(0)) task(succeeded);
}
