import type { SsoFinish } from './flow.js';

/** What a person refused at single sign-on reads: every refusal in one place. */
export function ssoRefusalWords(
  outcome: Exclude<SsoFinish, { kind: 'signed_in' }>,
  provider: string,
): { readonly status: 400 | 403; readonly title: string; readonly message: string } {
  switch (outcome.kind) {
    case 'no_group':
      return {
        status: 403,
        title: 'No access',
        message: `${provider} signed you in, but none of your groups gives access to this status page's admin area. Ask an owner to add you to a group that does; until then you have no access here.`,
      };
    case 'no_email':
      return { status: 403, title: 'No access', message: `${provider} did not share your email address, which a new account needs. Ask an owner to check the provider's settings.` };
    case 'email_taken':
      return {
        status: 403,
        title: 'No access',
        message: `There is already an account for ${outcome.email}, and ${provider} has not verified that address, so it cannot be linked. Ask an owner.`,
      };
    case 'refused':
      return { status: 400, title: 'Sign-in failed', message: outcome.reason };
  }
}
