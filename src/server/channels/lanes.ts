import type { Db } from "../../../db/client.js";
import { ENDPOINT_KINDS, type EndpointKind } from "../../core/channel-kind.js";
import type { EndpointFailure } from "../../core/endpoint-failure.js";
import type { OutboundOptions } from "../outbound/guarded-get.js";
import { LaneWorker } from "../outbox/worker.js";
import { recordEndpointFailure } from "./endpoint-outcome.js";
import { createEndpointSender } from "./endpoint-sender.js";
import { LANE_POLICIES, type LanePolicy } from "./lane-policy.js";

export interface EndpointLanes {
  readonly workers: Readonly<Record<EndpointKind, LaneWorker<EndpointFailure>>>;
  notify(): void;
  stop(): Promise<void>;
}

export interface EndpointLaneOptions {
  readonly db: Db;
  readonly baseUrl: () => string;
  readonly allowPrivate: boolean;
  readonly idleMs?: number;
  readonly log: (line: string) => void;
  /**
   * OUTBOX_LEASE_MS: the lease of every lane, as for mail, so the operator's one setting bounds how
   * long a crashed process's rows wait; each POST's timeout is kept under half of it.
   */
  readonly leaseMs?: number;
  /** Overrides per kind (tests: short backoff, small quarantine thresholds). */
  readonly policies?: Partial<Record<EndpointKind, LanePolicy>>;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly resolve?: OutboundOptions["resolve"];
}

/** One lane per endpoint kind, each with its own policy, started beside the mail lane. */
export function startEndpointLanes(
  options: EndpointLaneOptions,
): EndpointLanes {
  const workers = Object.fromEntries(
    ENDPOINT_KINDS.map((kind) => {
      const base = options.policies?.[kind] ?? LANE_POLICIES[kind];
      const leaseMs = options.leaseMs ?? base.leaseMs;
      const policy: LanePolicy = {
        ...base,
        leaseMs,
        timeoutMs: Math.min(base.timeoutMs, Math.floor(leaseMs / 2)),
      };
      const sender = createEndpointSender({
        db: options.db,
        kind,
        policy,
        baseUrl: options.baseUrl,
        allowPrivate: options.allowPrivate,
        resolve: options.resolve,
      });
      const worker = new LaneWorker<EndpointFailure>({
        db: options.db,
        channel: kind,
        concurrency: policy.concurrency,
        leaseMs: policy.leaseMs,
        idleMs: options.idleMs ?? 1_000,
        now: options.now,
        random: options.random,
        log: options.log,
        attempt: sender.attempt,
        claimed: sender.claimed,
        recordFailure: (row, failure, error, now, random) =>
          recordEndpointFailure(
            options.db,
            row,
            failure,
            error,
            now,
            random,
            policy,
          ),
      });
      worker.start();
      return [kind, worker];
    }),
  ) as Record<EndpointKind, LaneWorker<EndpointFailure>>;
  return {
    workers,
    notify(): void {
      for (const w of Object.values(workers)) w.notify();
    },
    async stop(): Promise<void> {
      await Promise.all(Object.values(workers).map((w) => w.stop()));
    },
  };
}
