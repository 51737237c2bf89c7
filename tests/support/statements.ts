/**
 * A Kysely plugin that records every statement a db runs, compiled as
 * PostgreSQL receives it (text and parameters): tests count a page's
 * statements, and the load benchmark replays exactly them with `pg`.
 */
import { type CompiledQuery, type KyselyPlugin, PostgresQueryCompiler } from 'kysely';

export interface StatementRecorder {
  plugin: KyselyPlugin;
  reset(): void;
  /** The statements' text since the last reset, whitespace folded. */
  statements(): string[];
  /** The statements since the last reset, with their parameters. */
  compiled(): CompiledQuery[];
}

export function statementRecorder(): StatementRecorder {
  const compiler = new PostgresQueryCompiler();
  let recorded: CompiledQuery[] = [];
  return {
    plugin: {
      transformQuery(args) {
        recorded.push(compiler.compileQuery(args.node, args.queryId));
        return args.node;
      },
      transformResult: async (args) => args.result,
    },
    reset() {
      recorded = [];
    },
    statements: () => recorded.map((query) => query.sql.replace(/\s+/g, ' ')),
    compiled: () => [...recorded],
  };
}
