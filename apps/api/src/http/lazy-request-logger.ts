import type { Logger } from 'pino';

const noop = (): void => undefined;

/**
 * pino-http (through nestjs-pino) gives every request a child logger bound to the request
 * (`root.child({ req })`), which serializes and redacts the request at once, on every
 * request, also when nothing will be logged (LOG_LEVEL warn or above and no error): the
 * request-completed line is at info. This makes that child lazy, on pino-http's root logger
 * only: while the requests' level (`info`) is off, `child({ req })` returns a stand-in that
 * builds the real child (same bindings, same serializers and redaction, so the same line)
 * on the first log at an enabled level, or on any other use; a disabled level is a no-op.
 * With info on, every request is logged anyway and the child is built as before.
 */
export function lazyRequestLoggers(root: Logger, requestLevel = 'info'): void {
  const child = root.child.bind(root);
  root.child = ((bindings: Record<string, unknown>, options?: unknown) => {
    const lazy = options === undefined && bindings !== null && typeof bindings === 'object' && Object.keys(bindings).length === 1 && 'req' in bindings && !root.isLevelEnabled(requestLevel);
    if (!lazy) return options === undefined ? child(bindings) : child(bindings, options as never);
    return lazyLogger(root, () => child(bindings));
  }) as Logger['child'];
}

function lazyLogger(parent: Logger, make: () => Logger): Logger {
  let real: Logger | undefined;
  const get = (): Logger => (real ??= make());
  return new Proxy({} as Logger, {
    get(_target, property) {
      if (real === undefined && typeof property === 'string' && property in parent.levels.values && !parent.isLevelEnabled(property)) return noop;
      const logger = get();
      const value: unknown = Reflect.get(logger, property, logger);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(logger) : value;
    },
    set: (_target, property, value) => Reflect.set(get(), property, value),
    has: (_target, property) => Reflect.has(get(), property),
  });
}
