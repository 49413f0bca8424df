import { describe, expect, it } from 'vitest';
import { parseWrk, wrkMs } from './wrk.js';

/** Real `wrk --latency` reports (wrk 4.1.0, Debian), one with error counters. */
const OK = `Running 1s test @ http://127.0.0.1:9911/
  1 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.62ms    2.39ms  34.61ms   90.59%
    Req/Sec     9.48k     7.30k   20.45k    70.00%
  Latency Distribution
     50%  586.00us
     75%    1.82ms
     90%    3.89ms
     99%    8.99ms
  9404 requests in 1.00s, 1.14MB read
Requests/sec:   9357.96
Transfer/sec:      1.13MB
`;
const FAILING = `Running 1s test @ http://127.0.0.1:9911/x
  1 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   657.80us  566.49us    1.20s   92.91%
    Req/Sec    17.43k     5.34k   22.11k    72.73%
  Latency Distribution
     50%  479.00us
     75%  561.00us
     90%    0.94ms
     99%    3.47ms
  19054 requests in 1.10s, 2.43MB read
  Socket errors: connect 1, read 2, write 3, timeout 4
  Non-2xx or 3xx responses: 19054
Requests/sec:  17322.84
Transfer/sec:      2.21MB
`;

describe('wrk reports', () => {
  it('converts its units to ms', () => {
    expect([wrkMs('586.00us'), wrkMs('8.99ms'), wrkMs('1.20s'), wrkMs('2m')]).toEqual([0.586, 8.99, 1200, 120_000]);
    expect(() => wrkMs('fast')).toThrow(/unexpected wrk time/);
  });

  it('reads requests, duration, percentiles, max and bytes', () => {
    expect(parseWrk(OK, 950)).toEqual({
      type: 'result',
      requests: 9404,
      seconds: 1,
      p50: 0.586,
      p99: 8.99,
      max: 34.61,
      bytes: 1.14 * 1024 ** 2,
      errors: 0,
      timeouts: 0,
      non2xx: 0,
      cpuMs: 950,
    });
  });

  it('counts socket errors, timeouts and non-2xx/3xx answers', () => {
    expect(parseWrk(FAILING, 0)).toMatchObject({ requests: 19054, seconds: 1.1, max: 1200, errors: 6, timeouts: 4, non2xx: 19054 });
  });

  it('refuses output that is not a report', () => {
    expect(() => parseWrk('unable to connect to 127.0.0.1:9 Connection refused\n', 0)).toThrow(/wrk printed no request count/);
  });
});
