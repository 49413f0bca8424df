/** SQL text `column in ('a', 'b')` for CHECK constraints; values come from our own tuples. */
export const inList = (column: string, values: readonly string[]): string => `${column} in (${values.map((v) => `'${v}'`).join(', ')})`;
