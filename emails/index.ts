/** Mail renderers: data in, `{ subject, text, html }` out. Pure: no I/O, no clock. */
export type { EmailContent, EmailMessage, EmailPage, SubscriptionLinks } from './types.js';
export { renderConfirmSubscription, type ConfirmSubscriptionInput } from './confirm-subscription.js';
export { renderIncidentUpdate, type AffectedComponent, type IncidentUpdateInput } from './incident-update.js';
export { renderMaintenance, type MaintenanceInput } from './maintenance.js';
export { renderPostmortemPublished, type PostmortemPublishedInput } from './postmortem-published.js';
export { renderEndpointQuarantined, type EndpointQuarantinedInput } from './endpoint-quarantined.js';
