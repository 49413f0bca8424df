import { API_SCOPE_DESCRIPTIONS } from '../../core/api-scope.js';

/** Every sentence the /api page shows a visitor, in one place. */
export const API_DOCS_WORDS = {
  title: 'API',
  description: (pageName: string): string => `Automate ${pageName}: open and update incidents, set component status and manage subscribers with the API.`,
  heading: 'API',
  intro:
    'Scripts, deploy pipelines and monitoring tools can change this status page through its API. Its paths, request wrapping and field names follow Statuspage’s v1 management API, so a Statuspage script moves over by changing the host and the key.',
  machineReadable: 'The same list, machine-readable, with every field:',
  openApiLabel: 'OpenAPI document',
  authHeading: 'Tokens',
  authIntro: 'Every request needs a token. The page’s owners create tokens under Admin → API tokens, or with',
  cliCommand: 'npm run token:create -- --name "deploy pipeline" --scope write',
  authForms: 'Send it in any of these forms:',
  authExport: 'The examples below read it from a shell variable:',
  scopesHeading: 'Scopes',
  scopes: API_SCOPE_DESCRIPTIONS,
  limitsHeading: 'Retries, limits and errors',
  idempotency: 'Send an Idempotency-Key header with a POST and a retry with the same key gets the first answer again for 24 hours, so a retried request never opens two incidents.',
  rateLimit: (perSecond: number): string =>
    `Each token may make ${perSecond} request${perSecond === 1 ? '' : 's'} a second; past that the answer is 429 with a Retry-After header in seconds.`,
  errors: 'A refusal is JSON with the reason in “message” and “error”: 401 without a valid token, 403 when its scope does not allow the request, 404, 409, 422 naming the field that is wrong, 413 for a body over 1 MB.',
  endpointsHeading: 'Endpoints',
  pageIdIntro: (pageId: string): string => `This status page’s id is ${pageId}; it is filled in below.`,
  scopeLabel: 'Scope',
  queryLabel: 'Query parameters',
  placeholderNote: 'Replace the words in capitals (such as INCIDENT_ID) with the id of the object you mean.',
  noEndpoints: 'No endpoints yet.',
  readHeading: 'Reading the status without a token',
  readIntro: 'The public, read-only Statuspage v2 endpoints need no token and can be read from any origin:',
} as const;
