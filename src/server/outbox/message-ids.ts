/**
 * Message-IDs are derived, never random: the same (message, subscriber) always gets the same id,
 * so a mail re-sent after a crash is recognisably the same one, and every mail about one event can
 * point back at the subscriber's copy of its first update and of the last one they got, to thread.
 */
export function updateMessageId(updateId: string, subscriberId: string, domain: string): string {
  return `<update.${updateId}.${subscriberId}@${domain}>`;
}

export function postmortemMessageId(eventId: string, publishedAt: number, subscriberId: string, domain: string): string {
  return `<postmortem.${eventId}.${publishedAt}.${subscriberId}@${domain}>`;
}

export function confirmMessageId(deliveryId: number, subscriberId: string, domain: string): string {
  return `<confirm.${deliveryId}.${subscriberId}@${domain}>`;
}

export function noticeMessageId(deliveryId: number, subscriberId: string, domain: string): string {
  return `<notice.${deliveryId}.${subscriberId}@${domain}>`;
}

/** The domain part of Message-IDs: the public page's host name. */
export function messageIdDomain(baseUrl: string): string {
  try {
    // An IPv6 host keeps its brackets: `id@[::1]` is a valid Message-ID, `id@::1` is not.
    return new URL(baseUrl).hostname || 'localhost';
  } catch {
    return 'localhost';
  }
}

/** How a mail threads: In-Reply-To and References (RFC 5322 §3.6.4). */
export interface Thread {
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
}

export const UNTHREADED: Thread = { inReplyTo: null, references: [] };

/**
 * A later mail about an event replies to the last one the subscriber got (`previous`) and names
 * the event's root (its first update's id) too, so clients thread it even for a subscriber who
 * joined after the first update and never got that one. Without a previous mail it replies to the root.
 */
export function threadUnder(root: string, previous: string | null): Thread {
  const references = previous === null || previous === root ? [root] : [root, previous];
  return { inReplyTo: previous ?? root, references };
}
