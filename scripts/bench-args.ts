/** The load benchmarks' command-line options: `--name value` pairs and bare flags. */
export interface BenchArgs {
  /** A positive number, or `fallback` when the option is absent. */
  number(name: string, fallback: number): number;
  /** The option's value, undefined when absent; an option given without a value is refused. */
  text(name: string): string | undefined;
  flag(name: string): boolean;
}

export function benchArgs(args: string[]): BenchArgs {
  const valueAfter = (name: string) => {
    const i = args.indexOf(name);
    if (i === -1) return undefined;
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
    return value;
  };
  return {
    number(name, fallback) {
      const given = valueAfter(name);
      const value = given === undefined ? fallback : Number(given);
      if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
      return value;
    },
    text: valueAfter,
    flag: (name) => args.includes(name),
  };
}
