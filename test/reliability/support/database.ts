import Database from "better-sqlite3";

/** Every value in every column of every table of a SQLite database, as text, with where it is. */
export function everyStoredValue(file: string): { table: string; column: string; value: string }[] {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    return tables.flatMap(({ name }) =>
      (db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]).flatMap((row) =>
        Object.entries(row).map(([column, value]) => ({
          table: name,
          column,
          value: String(value),
        })),
      ),
    );
  } finally {
    db.close();
  }
}
