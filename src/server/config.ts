/** Runtime configuration, read once from the environment. Every value has a safe embedded default. */
export interface Config {
  readonly databasePath: string;
  /** Absolute base URL for links that leave the page (feeds, mail); null means derive from the request. */
  readonly publicUrl: string | null;
}

function readConfig(env: NodeJS.ProcessEnv): Config {
  const publicUrl = env.PUBLIC_URL?.trim();
  return {
    databasePath: env.DATABASE_PATH?.trim() || './data/beacon.db',
    publicUrl: publicUrl ? publicUrl.replace(/\/+$/, '') : null,
  };
}

export const config: Config = readConfig(process.env);
export { readConfig };
