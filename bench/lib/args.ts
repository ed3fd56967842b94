/** Command-line flags for the benchmarks: `--name value`, `--switch`, and `--help` printing the usage. */

export interface FlagSpec {
  /** Default shown in the help; a flag without one is a switch (true when given). */
  fallback?: number | string;
  help: string;
}

export interface Flags {
  number(name: string): number;
  text(name: string): string;
  has(name: string): boolean;
}

/**
 * Reads `process.argv` against the declared flags. `--help` prints `usage` and the flags, then exits; an
 * unknown flag or a bad number is an error naming the flag.
 */
export function readFlags(usage: string, specs: Record<string, FlagSpec>, argv = process.argv.slice(2)): Flags {
  if (argv.includes('--help') || argv.includes('-h')) {
    const width = Math.max(...Object.keys(specs).map((name) => name.length)) + 4;
    const lines = Object.entries(specs).map(
      ([name, spec]) =>
        `  --${name.padEnd(width)}${spec.help}${spec.fallback === undefined ? '' : ` (default ${spec.fallback})`}`,
    );
    console.log(`${usage.trim()}\n\nFlags:\n${lines.join('\n')}\n  --help${' '.repeat(width - 2)}this text`);
    process.exit(0);
  }
  const values = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg} (see --help)`);
    const name = arg.slice(2);
    const spec = specs[name];
    if (!spec) throw new Error(`unknown flag --${name} (see --help)`);
    if (spec.fallback === undefined) values.set(name, true);
    else {
      const value = argv[i + 1];
      if (value === undefined) throw new Error(`--${name} needs a value`);
      values.set(name, value);
      i += 1;
    }
  }
  const raw = (name: string): string => {
    const spec = specs[name];
    if (!spec) throw new Error(`flag --${name} is not declared`);
    const value = values.get(name);
    return value === undefined || value === true ? String(spec.fallback) : value;
  };
  return {
    number(name) {
      const text = raw(name).replace(/_/g, '');
      const value = /^\d+(\.\d+)?[kKmM]$/.test(text)
        ? Number(text.slice(0, -1)) * (/[kK]$/.test(text) ? 1e3 : 1e6)
        : Number(text);
      if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a number, got ${raw(name)}`);
      return value;
    },
    text: raw,
    has: (name) => values.get(name) === true,
  };
}
