/** Where a paginated list stands; links are built by the page that knows its own path. */
export interface Pager {
  readonly page: number;
  readonly pages: number;
}
