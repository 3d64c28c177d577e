/**
 * Runs tasks one at a time per key, in arrival order; different keys run
 * concurrently. The executor keys by stream, so commands on one stream within one
 * process never race each other into a version conflict (issue 10 item 3): 100
 * concurrent valid commands on one assignment all succeed or fail on business rules.
 * A key's chain is dropped once its last task settles, so memory follows the number
 * of streams busy right now.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with a task running or waiting (for tests and metrics). */
  get size(): number {
    return this.tails.size;
  }
}
