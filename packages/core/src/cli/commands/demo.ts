/**
 * `logcas demo`: realistic OpenStack traffic with failures.
 *   logcas demo [--minutes 15]                 ingest a burst of recent traffic (parser + ingest())
 *   logcas demo --continuous --out DIR         keep writing DIR/<host>/<service>.log for `logcas ingest --follow`
 *   logcas demo --serve [--port --bind]        the burst, then the API while fresh traffic keeps arriving (npm start)
 */
import type { Command } from 'commander';
import { runContinuousDemo } from '../../demo/continuous';
import { runLiveDemo } from '../../demo/live';
import { loadDemo } from '../../demo/load';
import { DEFAULT_BIND, DEFAULT_PORT } from '../../api/server';
import { loadConfig } from '../../config';
import { ValidationError } from '../../errors';
import { openStore } from '../../store/connection';
import { throttle } from '../progress';
import { parsePort, runServe } from './serve';

interface DemoFlags {
  minutes: string;
  seed: string;
  rate: string;
  failureRate: string;
  continuous: boolean;
  out?: string;
  serve: boolean;
  port: string;
  bind: string;
}

function numberFlag(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new ValidationError(`--${flag} must be a number from ${min} to ${max}, got ${text}`, flag);
  }
  return value;
}

async function runDemoCommand(flags: DemoFlags): Promise<void> {
  const traffic = {
    seed: Math.floor(numberFlag(flags.seed, 'seed', 0, 2 ** 31)),
    operationsPerMinute: numberFlag(flags.rate, 'rate', 0, 10000),
    failureRate: numberFlag(flags.failureRate, 'failure-rate', 0, 1),
  };
  if (flags.continuous) {
    if (!flags.out)
      throw new ValidationError('--continuous needs --out DIR (the folder to write log files into)', 'out');
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    process.once('SIGTERM', () => stop.abort());
    process.stderr.write(`logcas: writing demo logs into ${flags.out}/<host>/<service>.log; Ctrl-C stops\n`);
    const progress = throttle(10000);
    const total = await runContinuousDemo({
      out: flags.out,
      ...traffic,
      signal: stop.signal,
      onWrite: ({ total: written }) => progress.maybe(() => `logcas: demo wrote ${written} lines`),
    });
    process.stderr.write(`logcas: demo wrote ${total} lines\n`);
    return;
  }
  const minutes = numberFlag(flags.minutes, 'minutes', 1, 7 * 24 * 60);
  const store = await openStore(loadConfig());
  try {
    const burst = async (signal?: AbortSignal): Promise<void> => {
      const progress = throttle();
      const result = await loadDemo(store, {
        ...traffic,
        signal,
        durationMs: minutes * 60000,
        onProgress: (p) => progress.maybe(() => `logcas: demo stored ${p.records} of ~${p.lines} lines`),
      });
      process.stderr.write(
        `logcas: demo ingested ${result.records} records from ${result.lines} lines in ${result.files} files (${result.inserted} new, ${result.duplicates} already there)\n`,
      );
    };
    if (!flags.serve) {
      await burst();
      return;
    }
    // With --serve the API answers at once; the burst loads behind it, then fresh traffic keeps coming.
    await runServe({ port: parsePort(flags.port), bind: flags.bind }, async () => {
      const stop = new AbortController();
      const onError = (error: unknown): void => {
        process.stderr.write(`logcas: demo traffic not stored: ${(error as Error).message}\n`);
      };
      const running = burst(stop.signal)
        .catch(onError)
        .then(() => (stop.signal.aborted ? 0 : runLiveDemo(store, { ...traffic, signal: stop.signal, onError })));
      return async () => {
        stop.abort();
        await running;
      };
    });
  } finally {
    await store.close();
  }
}

export function registerDemoCommand(program: Command): Command {
  return program
    .command('demo')
    .description('generate realistic OpenStack traffic (nova, neutron, cinder, keystone) with failures')
    .option('--minutes <n>', 'how many minutes of recent traffic to ingest', '15')
    .option('--seed <n>', 'random seed (same seed, same traffic)', '2013')
    .option('--rate <n>', 'user operations per minute', '20')
    .option('--failure-rate <p>', 'share of operations that fail, 0-1', '0.15')
    .option('--continuous', 'keep writing oslo.log files in real time instead of ingesting', false)
    .option('--out <dir>', 'folder for --continuous log files')
    .option('--serve', 'after the burst, serve the API and keep ingesting fresh traffic', false)
    .option('--port <port>', 'API port with --serve', String(DEFAULT_PORT))
    .option('--bind <address>', 'API address with --serve', DEFAULT_BIND)
    .action(async (flags: DemoFlags) => {
      await runDemoCommand(flags);
    });
}
