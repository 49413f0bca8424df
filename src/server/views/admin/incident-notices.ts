/**
 * The confirmation an incident's admin page shows after a redirect, from its query string
 * (`?published=1`, `?edited=1` …); null when there is nothing to confirm.
 */
export function incidentNotice(params: URLSearchParams): string | null {
  if (params.get('published')) return 'Published. It is on the public page now.';
  if (params.get('recorded')) return 'Recorded. The incident is in the history and the uptime bars at the times you gave; subscribers were not notified.';
  if (params.get('edited') === '1') return 'Update saved. Subscribers were not notified again.';
  if (params.get('edited') === '0') return 'Nothing changed: the update already said that.';
  if (params.get('postmortem') === 'draft') return 'Postmortem draft saved. It is not public yet.';
  if (params.get('postmortem') === 'published') return 'Postmortem published on the public incident page.';
  return null;
}
