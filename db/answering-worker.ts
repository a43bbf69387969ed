/**
 * A worker thread that gives one answer, waited for synchronously, so a command can ask for it inside a transaction.
 * The worker receives `workerData.port` and `workerData.done`; it posts its answer on the port, then sets done[0] to 1
 * and notifies it, always (in a `finally`), so the thread waiting is never left waiting. Further slots of `done` are
 * the caller's, for telling the worker something has been sent.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";

export interface AnsweringWorker<A> {
  /** This side's port, to send the worker messages. */
  port: MessagePort;
  /** Shared flags: done[0] is set by the worker when it has answered; the others are the caller's. */
  done: Int32Array;
  /**
   * The worker's answer, waiting for it until `timeoutMs` at most (without one, until it comes); null when it did not
   * come in time. A worker that ended without posting gives `noAnswer`.
   */
  answer(timeoutMs?: number): A | null;
}

/** Starts plain JavaScript `code` on a worker thread with `data` (and the port and flags) as its workerData. */
export function startAnsweringWorker<A>(
  code: string,
  data: Record<string, unknown>,
  noAnswer: A,
  flags = 1,
): AnsweringWorker<A> {
  const done = new Int32Array(new SharedArrayBuffer(4 * flags));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(code, { eval: true, workerData: { ...data, port: port2, done }, transferList: [port2] });
  // A command that finishes without waiting (a refused file, a dry run) must not wait for the worker to exit.
  worker.unref();
  let answer: A | undefined;
  return {
    port: port1,
    done,
    answer(timeoutMs) {
      if (answer === undefined) {
        if (Atomics.wait(done, 0, 0, timeoutMs) === "timed-out") return null;
        answer = (receiveMessageOnPort(port1)?.message as A | undefined) ?? noAnswer;
        port1.close();
      }
      return answer;
    },
  };
}
