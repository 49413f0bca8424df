/** What every renderer returns: the parts of one mail, ready for the mailer. */
export interface EmailContent {
  /** One line, no control characters, at most `SUBJECT_MAX_LENGTH` characters. */
  readonly subject: string;
  /** Plain text that reads well on its own; lines end with \n. */
  readonly text: string;
  /** A whole HTML document with inline CSS only and no images. */
  readonly html: string;
}

/** The status page a mail speaks for. */
export interface EmailPage {
  readonly name: string;
  /** Absolute URL of the public status page. */
  readonly url: string;
  /** IANA zone every time in the mail is shown in. */
  readonly timeZone: string;
  /** As stored in the page settings; anything but a hex colour falls back to the default. */
  readonly brandColor: string | null;
}

/**
 * A Markdown body the caller has already rendered: `bodyHtml` from src/server/markdown.ts
 * (sanitised; inserted as is) and `bodyText`, the same message as plain text.
 */
export interface EmailMessage {
  readonly bodyHtml: string;
  readonly bodyText: string;
}

/** A subscriber's own links, absolute. */
export interface SubscriptionLinks {
  readonly manageUrl: string;
  readonly unsubscribeUrl: string;
}
