/** Runtime configuration, read once from the environment. Every value has a safe embedded default. */
export interface Config {
  readonly databasePath: string;
  /** PUBLIC_URL: the page's public address for links that leave it (feeds, mail), no trailing slash. */
  readonly publicUrl: string | null;
  /** Where this process listens, as a URL: the last resort for absolute links when nothing is configured. */
  readonly listenUrl: string;
}

export function readConfig(env: NodeJS.ProcessEnv): Config {
  const publicUrl = env.PUBLIC_URL?.trim();
  const host = env.HOST?.trim() || 'localhost';
  // A wildcard address is where we listen, not where a reader can reach us.
  const reachable = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return {
    databasePath: env.DATABASE_PATH?.trim() || './data/beacon.db',
    publicUrl: publicUrl ? publicUrl.replace(/\/+$/, '') : null,
    listenUrl: `http://${reachable}:${env.PORT?.trim() || '4321'}`,
  };
}

export const config: Config = readConfig(process.env);
