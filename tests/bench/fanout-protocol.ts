/** Messages between the fan-out benchmark and its SMTP sink process (fanout-sink.ts). */
export type SinkRequest = { readonly type: 'reset' } | { readonly type: 'report' } | { readonly type: 'close' };

export type SinkReply =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'reset' }
  | {
      readonly type: 'report';
      /** Messages accepted since the last reset. */
      readonly messages: number;
      /** SMTP connections opened since the last reset: the pool size when the sender pools, one per mail when it does not. */
      readonly connections: number;
      readonly distinctRecipients: number;
      /** Message data received, bytes (as on the wire, dot-stuffed). */
      readonly bytes: number;
      /** The sink's CPU time since the last reset, ms. */
      readonly cpuMs: number;
    };
