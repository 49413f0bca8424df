/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** Set by the middleware on admin routes when a valid session cookie came with the request. */
    user: import('./server/auth/session').SessionUser | null;
    session: import('./server/auth/session').Session | null;
    /** True when the page is private and this request was let in (session or read token): its answer is personal. */
    privateAccess: boolean;
  }
}
