import { pino, type Logger } from 'pino';
import { build as prettyStream } from 'pino-pretty';
import type { Config } from './config.js';

/**
 * The process logger, with the request id on every request's lines (Fastify binds it). JSON lines for a
 * collector; in a terminal (or with `logFormat: 'pretty'`), lines a person reads: the time, the level and
 * the message first. Secrets are redacted, and URLs are logged without their query string, which may
 * carry personal data. `destination` (tests) receives the bytes instead of standard output.
 */
export function createLogger(config: Pick<Config, 'logLevel'> & Partial<Pick<Config, 'logFormat'>>, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    base: { service: 'amane' },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.currentPassword',
        '*.newPassword',
        '*.token',
        '*.oneTimePassword',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (request: { method?: string; url?: string; ip?: string }) => ({
        method: request.method,
        path: request.url?.split('?')[0],
        remoteAddress: request.ip,
      }),
      res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }),
      err: pino.stdSerializers.err,
    },
  };
  const format = config.logFormat ?? 'auto';
  const pretty = format === 'pretty' || (format === 'auto' && destination === undefined && process.stdout.isTTY === true);
  if (pretty) {
    return pino(
      options,
      prettyStream({
        destination: destination ?? 1,
        sync: destination === undefined,
        colorize: destination === undefined && process.stdout.isTTY === true,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,service',
        singleLine: true,
      }),
    );
  }
  return destination === undefined ? pino(options) : pino(options, destination);
}
