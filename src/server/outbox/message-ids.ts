/**
 * Message-IDs are derived, never random: the same (message, subscriber) always gets the same id,
 * so a mail re-sent after a crash is recognisably the same one, and every mail about one event can
 * point back at the subscriber's copy of its first update (In-Reply-To/References) to thread.
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

/** The domain part of Message-IDs: the public page's host name. */
export function messageIdDomain(baseUrl: string): string {
  try {
    // An IPv6 host keeps its brackets: `id@[::1]` is a valid Message-ID, `id@::1` is not.
    return new URL(baseUrl).hostname || 'localhost';
  } catch {
    return 'localhost';
  }
}
