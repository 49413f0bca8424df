/**
 * The password hash of accounts that sign in only by single sign-on: not a PHC string, so
 * verifyPassword is false for every input and no password can ever sign them in.
 */
export const NO_PASSWORD = '!sso-only';
