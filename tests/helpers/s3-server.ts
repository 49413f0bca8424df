import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
// s3rver ships no types: a real S3 REST server (koa) writing objects to a folder.
// @ts-expect-error no declaration file
import S3rver from 's3rver';
import { freePort } from './free-port.js';

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}

export interface LocalS3 {
  readonly endpoint: string;
  readonly bucket: string;
  /** The SDK client tests read the bucket with (path-style, the s3rver's fixed credentials). */
  readonly client: S3Client;
  /** The environment Beacon needs to reach it. */
  readonly env: Readonly<Record<string, string>>;
  /** Plain HTTP GET of an object, as a CDN or a browser would fetch it. */
  get(key: string): Promise<Response>;
  stop(): Promise<void>;
  /** Starts again on the same port with the same objects. */
  start(): Promise<void>;
  cleanup(): Promise<void>;
}

/** A real S3-compatible server on a loopback port, with one bucket. */
export async function startLocalS3(bucket = 'beacon-status'): Promise<LocalS3> {
  const dir = mkdtempSync(join(tmpdir(), 'beacon-s3-'));
  const port = await freePort();
  let server: S3rverInstance | null = null;
  const start = async (): Promise<void> => {
    server = new S3rver({ port, address: '127.0.0.1', silent: true, directory: dir }) as S3rverInstance;
    await server.run();
  };
  const stop = async (): Promise<void> => {
    await server?.close();
    server = null;
  };
  await start();
  const endpoint = `http://127.0.0.1:${port}`;
  const env = { AWS_ENDPOINT_URL_S3: endpoint, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1', AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING: '1' };
  const client = new S3Client({ endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    endpoint,
    bucket,
    client,
    env,
    get: (key) => fetch(`${endpoint}/${bucket}/${key}`),
    stop,
    start,
    cleanup: async () => {
      await stop();
      client.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
