import { choiceOptions, type ChoiceOption } from "../subscription.js";
import type { ChannelKind } from "../../../core/channel-kind.js";
import type { Db } from "../../../../db/client.js";
import {
  clampPage,
  pageCount,
  parsePageParam,
} from "../../../core/pagination.js";
import { formatDuration } from "../../../core/format.js";
import {
  isSubscriberState,
  SUBSCRIBER_STATE_LABELS,
  SUBSCRIBER_STATES,
  type SubscriberState,
} from "../../../core/subscriber-state.js";
import { toCsv } from "../../../core/csv.js";
import { CHANNEL_KIND_LABELS } from "../../../core/channel-kind.js";
import { endpointHost } from "../../channels/quarantine-notice.js";
import { maskedEndpoint } from "../../../core/channels/endpoint-mask.js";
import { config } from "../../config.js";
import { outboxStatus } from "../../read/outbox.js";
import {
  countSubscribers,
  listSubscribers,
  subscriberCounts,
  type SubscriberFilter,
} from "../../read/subscribers.js";
import { readPageSettings } from "../../settings.js";
import { timeView, type TimeView } from "../common.js";

export const SUBSCRIBERS_PER_PAGE = 50;

export interface OutboxView {
  readonly mailConfigured: boolean;
  readonly pending: number;
  readonly sent: number;
  readonly failed: number;
  /** "3 min" when mail has waited, null with nothing pending. */
  readonly oldestPendingAge: string | null;
}

export interface SubscriberRowView {
  readonly id: string;
  readonly email: string;
  /** Webhook rows offer "Rotate signing secret". */
  readonly channel: ChannelKind;
  readonly state: SubscriberState;
  readonly stateLabel: string;
  readonly scope: string;
  readonly since: TimeView;
  readonly note: string | null;
}

export interface SubscribersView {
  readonly pageName: string;
  readonly counts: readonly {
    state: SubscriberState;
    label: string;
    count: number;
  }[];
  readonly outbox: OutboxView;
  readonly filter: {
    readonly search: string;
    readonly state: SubscriberState | null;
  };
  readonly rows: readonly SubscriberRowView[];
  /** Components for the add-endpoint form's choice. */
  readonly endpointOptions: readonly ChoiceOption[];
  readonly page: number;
  readonly pages: number;
  readonly total: number;
  /** The query string for `page` with the current filter (`?…`, or '' when there is nothing to say). */
  query(page: number): string;
}

export function outboxView(db: Db, now: number): OutboxView {
  const status = outboxStatus(db);
  return {
    mailConfigured: config.smtpUrl !== null,
    pending: status.byState.pending,
    sent: status.byState.sent,
    failed: status.byState.failed,
    oldestPendingAge:
      status.oldestPendingAt === null
        ? null
        : formatDuration(Math.max(0, now - status.oldestPendingAt)),
  };
}

/** `?q=` (part of an address, ≤ 254 chars) and `?state=`; unknown states are ignored rather than refused. */
export function subscriberFilter(params: URLSearchParams): SubscriberFilter {
  const state = params.get("state");
  return {
    search: (params.get("q") ?? "").trim().slice(0, 254),
    state: isSubscriberState(state) ? state : null,
  };
}

export function subscribersView(
  db: Db,
  params: URLSearchParams,
  now: number,
): SubscribersView {
  const settings = readPageSettings(db, now);
  const filter = subscriberFilter(params);
  const total = countSubscribers(db, filter);
  const pages = pageCount(total, SUBSCRIBERS_PER_PAGE);
  const parsed = parsePageParam(params.get("page"));
  const page = clampPage(parsed.ok ? parsed.page : 1, pages);
  const counts = subscriberCounts(db);
  return {
    pageName: settings.name,
    endpointOptions: choiceOptions(db, new Set()),
    counts: SUBSCRIBER_STATES.map((s) => ({
      state: s,
      label: SUBSCRIBER_STATE_LABELS[s],
      count: counts[s],
    })),
    outbox: outboxView(db, now),
    filter,
    rows: listSubscribers(
      db,
      filter,
      SUBSCRIBERS_PER_PAGE,
      (page - 1) * SUBSCRIBERS_PER_PAGE,
    ).map((r) => ({
      id: r.id,
      email: r.email,
      channel: r.channel,
      state: r.state,
      stateLabel: SUBSCRIBER_STATE_LABELS[r.state],
      scope: r.allComponents
        ? "All components"
        : r.componentNames.join(", ") || "No components left",
      since: timeView(
        r.quarantinedAt ?? r.unsubscribedAt ?? r.confirmedAt ?? r.createdAt,
        settings.timeZone,
      ),
      // An endpoint subscriber's address is its contact: say where its updates go. A webhook by its
      // host; a chat webhook masked, its path being the credential (never the full URL).
      note:
        [
          r.channel === "email"
            ? null
            : `${CHANNEL_KIND_LABELS[r.channel]} to ${r.channel === "webhook" ? endpointHost(r.endpoint) : (maskedEndpoint(r.endpoint) ?? "an unknown address")}`,
          r.quarantineReason,
        ]
          .filter((n) => n !== null)
          .join(" · ") || null,
    })),
    page,
    pages,
    total,
    query(to: number): string {
      const p = new URLSearchParams();
      if (filter.search) p.set("q", filter.search);
      if (filter.state) p.set("state", filter.state);
      if (to > 1) p.set("page", String(to));
      const s = p.toString();
      return s ? `?${s}` : "";
    },
  };
}

/** Every subscriber matching the filter as CSV, times in ISO-8601 UTC. */
export function subscribersCsv(db: Db, params: URLSearchParams): string {
  const iso = (ms: number | null): string =>
    ms === null ? "" : new Date(ms).toISOString();
  return toCsv(
    [
      "email",
      "state",
      "components",
      "subscribed_at",
      "confirmed_at",
      "unsubscribed_at",
      "quarantined_at",
      "quarantine_reason",
    ],
    listSubscribers(db, subscriberFilter(params), null).map((r) => [
      r.email,
      r.state,
      r.allComponents ? "all" : r.componentNames.join("; "),
      iso(r.createdAt),
      iso(r.confirmedAt),
      iso(r.unsubscribedAt),
      iso(r.quarantinedAt),
      r.quarantineReason ?? "",
    ]),
  );
}
