/**
 * Copies every database of an in-memory IndexedDB (fake-indexeddb) into a plain, structured-
 * cloneable value and back. The Rust crypto can only persist into IndexedDB, which Node lacks;
 * with these two functions the crypto store can live in fake-indexeddb and still outlast the
 * process (see crypto-store.ts). The project compiles without DOM types, so the few IndexedDB
 * shapes used here are declared below.
 */

export interface DatabaseSnapshot {
  name: string;
  version: number;
  stores: StoreSnapshot[];
}

interface StoreSnapshot {
  name: string;
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  indexes: { name: string; keyPath: string | string[]; unique: boolean; multiEntry: boolean }[];
  /** [key, value] pairs in key order. */
  records: [unknown, unknown][];
}

/** Copies all databases of `factory`. Each is read in one transaction, so it is consistent. */
export async function takeSnapshot(factory: IdbFactory): Promise<DatabaseSnapshot[]> {
  const snapshots: DatabaseSnapshot[] = [];
  for (const { name } of await factory.databases()) {
    if (!name) continue;
    const db = await request(factory.open(name));
    try {
      snapshots.push({ name, version: db.version, stores: await readStores(db) });
    } finally {
      db.close();
    }
  }
  return snapshots;
}

/** Recreates the databases of a snapshot in `factory`, which must not hold them yet. */
export async function restoreSnapshot(
  factory: IdbFactory,
  snapshots: DatabaseSnapshot[],
): Promise<void> {
  for (const snapshot of snapshots) {
    const open = factory.open(snapshot.name, snapshot.version);
    // Stores and records go in during the upgrade, so the database is whole once it opens.
    open.onupgradeneeded = () => {
      const db = open.result;
      for (const store of snapshot.stores) {
        const target = db.createObjectStore(store.name, {
          keyPath: store.keyPath,
          autoIncrement: store.autoIncrement,
        });
        for (const index of store.indexes)
          target.createIndex(index.name, index.keyPath, {
            unique: index.unique,
            multiEntry: index.multiEntry,
          });
        for (const [key, value] of store.records) {
          if (store.keyPath === null) target.put(value, key);
          else target.put(value);
        }
      }
    };
    (await request(open)).close();
  }
}

async function readStores(db: IdbDatabase): Promise<StoreSnapshot[]> {
  const names = [...db.objectStoreNames];
  if (names.length === 0) return [];
  const tx = db.transaction(names, "readonly");
  // Every request is made before the first await: a transaction ends once its callers idle.
  return Promise.all(
    names.map(async (name) => {
      const store = tx.objectStore(name);
      const meta = {
        name,
        keyPath: store.keyPath,
        autoIncrement: store.autoIncrement,
        indexes: [...store.indexNames].map((indexName) => {
          const index = store.index(indexName);
          return {
            name: indexName,
            keyPath: index.keyPath,
            unique: index.unique,
            multiEntry: index.multiEntry,
          };
        }),
      };
      const [keys, values] = await Promise.all([
        request(store.getAllKeys()),
        request(store.getAll()),
      ]);
      return { ...meta, records: keys.map((key, i): [unknown, unknown] => [key, values[i]]) };
    }),
  );
}

function request<T>(req: IdbRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

interface IdbRequest<T> {
  readonly result: T;
  readonly error: unknown;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}

export interface IdbFactory {
  databases(): Promise<{ name?: string; version?: number }[]>;
  open(
    name: string,
    version?: number,
  ): IdbRequest<IdbDatabase> & { onupgradeneeded: (() => void) | null };
}

export interface IdbDatabase {
  readonly version: number;
  readonly objectStoreNames: Iterable<string>;
  transaction(names: string[], mode: "readonly" | "readwrite"): IdbTransaction;
  createObjectStore(
    name: string,
    options: { keyPath: string | string[] | null; autoIncrement: boolean },
  ): IdbObjectStore;
  close(): void;
}

export interface IdbTransaction {
  readonly mode: string;
  objectStore(name: string): IdbObjectStore;
  addEventListener(type: "complete", listener: () => void): void;
}

interface IdbObjectStore {
  readonly keyPath: string | string[] | null;
  readonly autoIncrement: boolean;
  readonly indexNames: Iterable<string>;
  index(name: string): {
    keyPath: string | string[];
    unique: boolean;
    multiEntry: boolean;
  };
  createIndex(
    name: string,
    keyPath: string | string[],
    options: { unique: boolean; multiEntry: boolean },
  ): void;
  getAllKeys(): IdbRequest<unknown[]>;
  getAll(): IdbRequest<unknown[]>;
  put(value: unknown, key?: unknown): void;
}
