// Crashes of the transmit worker at chosen points, for the exactly-once tests. A crash is a worker
// that stops dead: the flow's call on a collaborator at that point never returns, so nothing of the
// flow runs after it (no catch, no finally, as in a killed process), and the invocation fails with
// InjectedCrashError. The points are decorators of the flow's own repositories: production code
// knows nothing of them.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { TransmitDependencies } from '#shared/transmission/transmit-claims';

/** Where the worker crashes. */
export interface CrashPoints {
  /** after the interchange record is written, before the claims' markers */
  readonly afterRecord?: boolean;
  /** after every marker and the commit, before the upload (its lease) */
  readonly afterCommit?: boolean;
  /** after the upload, before the interchange is marked SENT */
  readonly afterUpload?: boolean;
  /** after this many claim status writes (to TRANSMITTED) of an interchange */
  readonly afterStatusWrites?: number;
}

export class InjectedCrashError extends Error {
  constructor(point: string) {
    super(`injected crash ${point}`);
    this.name = 'InjectedCrashError';
  }
}

export interface CrashingFlow<D> {
  /** the dependencies given, their repositories crashing at the points */
  readonly dependencies: D;
  /** One invocation on `dependencies`: its result, or InjectedCrashError once it reaches a point. */
  run<R>(invocation: () => Promise<R>): Promise<R>;
}

/** What one invocation crashes through, and its status writes so far per interchange. */
interface Invocation {
  readonly crash: (error: InjectedCrashError) => void;
  readonly statusWrites: Map<string, number>;
}

type Repositories = Pick<TransmitDependencies, 'claims' | 'interchanges'>;

export function crashingFlow<D extends Repositories>(
  dependencies: D,
  points: CrashPoints,
): CrashingFlow<D> {
  // per invocation, so that concurrent invocations crash each on its own
  const invocations = new AsyncLocalStorage<Invocation>();
  const current = (): Invocation => {
    const invocation = invocations.getStore();
    if (invocation === undefined) throw new Error('crashing dependencies used outside run()');
    return invocation;
  };
  const stop = (point: string): Promise<never> => {
    current().crash(new InjectedCrashError(point));
    return new Promise<never>(() => undefined);
  };

  const { claims, interchanges } = dependencies;
  const crashingInterchanges = decorate(interchanges, {
    create: async (interchange) => {
      const created = await interchanges.create(interchange);
      return created && points.afterRecord ? stop('after record') : created;
    },
    // the first call of the upload, made for a COMMITTED interchange only
    acquireUploadLease: (...request) =>
      points.afterCommit ? stop('after commit') : interchanges.acquireUploadLease(...request),
    // the first call after the upload (and the connector's close)
    markSent: (...request) =>
      points.afterUpload ? stop('after upload') : interchanges.markSent(...request),
  });
  const crashingClaims = decorate(claims, {
    transition: async (request) => {
      const claim = await claims.transition(request);
      const interchangeId = request.source.controlNumbers?.interchangeId;
      if (
        points.afterStatusWrites === undefined ||
        request.to !== 'TRANSMITTED' ||
        interchangeId === undefined
      ) {
        return claim;
      }
      const { statusWrites } = current();
      const writes = (statusWrites.get(interchangeId) ?? 0) + 1;
      statusWrites.set(interchangeId, writes);
      return writes >= points.afterStatusWrites ? stop(`after ${writes} status writes`) : claim;
    },
  });

  return {
    dependencies: { ...dependencies, claims: crashingClaims, interchanges: crashingInterchanges },
    run<R>(invocation: () => Promise<R>): Promise<R> {
      let crash: (error: InjectedCrashError) => void = () => undefined;
      const crashed = new Promise<never>((_resolve, reject) => {
        crash = reject;
      });
      const statusWrites = new Map<string, number>();
      return invocations.run({ crash, statusWrites }, () => Promise.race([invocation(), crashed]));
    },
  };
}

/**
 * `target` with some methods replaced; every other one still runs on `target` itself (the
 * repositories keep their state in #private fields, which a proxy as `this` cannot reach).
 */
function decorate<T extends object>(target: T, replaced: Partial<T>): T {
  return new Proxy(target, {
    get(object, property) {
      if (Object.hasOwn(replaced, property)) {
        return (replaced as Record<PropertyKey, unknown>)[property];
      }
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(object)
        : value;
    },
  });
}
