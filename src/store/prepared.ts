import type { Compilable, CompiledQuery, QueryResult } from "kysely";
import type { Database, Dialect } from "./database.ts";

/**
 * A query built and compiled once per dialect, then run with each call's values: building and
 * compiling a Kysely query takes longer than SQLite takes to run it (bench/store-calls.ts).
 * `build` reads its values from stand-ins, so each must reach the query as one plain value
 * (no array for `in`, no branch on it): the SQL text then never changes, only its parameters.
 */
export function prepared<V extends object, R>(
  build: (db: Database["db"], values: V, dialect: Dialect) => Compilable<R>,
): (database: Database, values: V) => Promise<QueryResult<R>> {
  const compiled = new Map<Dialect, { query: CompiledQuery<R>; names: (string | undefined)[] }>();
  return (database, values) => {
    let known = compiled.get(database.dialect);
    if (!known) {
      // Only the constants the builder writes share the parameters with the stand-ins.
      const named = new Map<unknown, string>();
      const standIns = new Proxy({} as V, {
        get: (_, name) => {
          const standIn = `(stand-in for ${String(name)})`;
          named.set(standIn, String(name));
          return standIn;
        },
      });
      const query = build(database.db, standIns, database.dialect).compile();
      const names = query.parameters.map((p) => named.get(p));
      known = { query, names };
      compiled.set(database.dialect, known);
    }
    const { query, names } = known;
    const parameters = names.map((name, i) =>
      name === undefined ? query.parameters[i] : values[name as keyof V],
    );
    return database.db.executeQuery<R>({ ...query, parameters });
  };
}
