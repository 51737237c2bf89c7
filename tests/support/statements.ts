/**
 * A Kysely plugin that records every statement a db runs, compiled as
 * PostgreSQL receives it (text and parameters): tests count a page's
 * statements, and the load benchmark replays exactly them with `pg`.
 * Kysely also passes each subquery built with the db through the plugin
 * (a JSON-nested list, say): only queries whose result comes back, the
 * statements actually sent, are kept.
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
  let recorded: { id: string; query: CompiledQuery }[] = [];
  let answered = new Set<string>();
  const sent = () => recorded.filter((r) => answered.has(r.id)).map((r) => r.query);
  return {
    plugin: {
      transformQuery(args) {
        recorded.push({ id: args.queryId.queryId, query: compiler.compileQuery(args.node, args.queryId) });
        return args.node;
      },
      transformResult: (args) => {
        answered.add(args.queryId.queryId);
        return Promise.resolve(args.result);
      },
    },
    reset() {
      recorded = [];
      answered = new Set();
    },
    statements: () => sent().map((query) => query.sql.replace(/\s+/g, ' ')),
    compiled: sent,
  };
}
