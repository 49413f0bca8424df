/**
 * Beacon's data model. Times are integer epoch milliseconds; day keys are 'YYYY-MM-DD'.
 * Public ids are short random strings (Statuspage-style) so they can appear in URLs and
 * the JSON API without leaking row counts. Derived facts (a component's current status,
 * an incident's status and impact) are read from history, or from tables that triggers keep
 * from it in every write's transaction (open_events, component_heads); the application never
 * writes them. One module per concern under schema/.
 */
export * from './schema/page.js';
export * from './schema/components.js';
export * from './schema/events.js';
export * from './schema/accounts.js';
export * from './schema/subscribers.js';
export * from './schema/api-tokens.js';
export * from './schema/alerts.js';
