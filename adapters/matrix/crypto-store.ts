import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import type { Logger } from "pino";
import { MatrixConfigError } from "./config.ts";
import {
  type DatabaseSnapshot,
  type IdbFactory,
  restoreSnapshot,
  takeSnapshot,
} from "./idb-snapshot.ts";
import { createPrivateFile, readPrivateFile, replacePrivateFile } from "./private-file.ts";

/** How long after a write the store is saved: writes come in bursts (one per sync, per key). */
const SAVE_DELAY_MS = 200;
const FORMAT = 1;

interface StoreFile {
  format: number;
  deviceId: string;
  databases: DatabaseSnapshot[];
}

/**
 * The Rust crypto store of one device, kept on disk so that the device (fixed by an access
 * token) keeps its keys across restarts. matrix-js-sdk 37.5 persists crypto only into
 * IndexedDB, so the store lives in fake-indexeddb, installed as the globals `indexedDB` and
 * `IDBKeyRange` (the two the Rust code uses) before `initRustCrypto`, and every completed write is saved (shortly after, atomically) to
 * `<data>/matrix/crypto-store`. The Rust code encrypts what it stores with a random 32-byte key
 * kept beside it in `crypto-store-key`; both files are owner-only.
 */
export class PersistentCryptoStore {
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly factory: IdbFactory,
    private readonly path: string,
    private readonly deviceId: string,
    /** The key `initRustCrypto({ storageKey })` needs to open the store. */
    readonly storageKey: Uint8Array,
    /** Whether state was found for this device; false: the device starts with a new store. */
    readonly restored: boolean,
    private readonly logger: Logger,
  ) {}

  /** Loads the store saved for `deviceId` (if any) and installs it as the global IndexedDB. */
  static async open(dir: string, deviceId: string, logger: Logger): Promise<PersistentCryptoStore> {
    const path = join(dir, "crypto-store");
    const saved = await readPrivateFile(path);
    const file = saved ? (deserialize(saved) as StoreFile) : undefined;
    if (file && file.format !== FORMAT)
      throw new MatrixConfigError(
        `${path} was written by another version of Panah: start that version, or delete the file and sign in with a new MATRIX_ACCESS_TOKEN`,
      );
    // A store for another device belongs to an earlier token: its keys are of no use to this one.
    const mine = file?.deviceId === deviceId ? file : undefined;
    const storageKey = await readOrCreateKey(join(dir, "crypto-store-key"), mine !== undefined);
    const factory = new IDBFactory() as unknown as IdbFactory;
    if (mine) await restoreSnapshot(factory, mine.databases);
    const store = new PersistentCryptoStore(
      factory,
      path,
      deviceId,
      storageKey,
      mine !== undefined,
      logger,
    );
    store.watchWrites();
    Object.assign(globalThis, { indexedDB: factory, IDBKeyRange });
    return store;
  }

  /** Saves what is not saved yet and stops saving; call after the client has stopped. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.save();
    this.closed = true;
    await this.saving;
    const global = globalThis as { indexedDB?: unknown };
    // Another store may have been installed since (a restart in the same process).
    if (global.indexedDB === this.factory) delete global.indexedDB;
  }

  /** Saves after every write transaction the crypto completes, including schema upgrades. */
  private watchWrites(): void {
    const open = this.factory.open.bind(this.factory);
    const changed = () => this.changed();
    this.factory.open = (name, version) => {
      const request = open(name, version) as ReturnType<IdbFactory["open"]> & Listenable;
      request.addEventListener("upgradeneeded", changed);
      request.addEventListener("success", () => {
        const db = request.result;
        const transaction = db.transaction.bind(db);
        db.transaction = (names, mode) => {
          const tx = transaction(names, mode);
          if (tx.mode !== "readonly") tx.addEventListener("complete", changed);
          return tx;
        };
      });
      return request;
    };
  }

  private changed(): void {
    this.dirty = true;
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.save();
    }, SAVE_DELAY_MS);
    this.timer.unref();
  }

  /** Queues one save; saves never overlap, and one that fails is retried on the next write. */
  private save(): void {
    if (this.closed) return;
    this.saving = this.saving.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      try {
        const databases = await takeSnapshot(this.factory);
        const file: StoreFile = { format: FORMAT, deviceId: this.deviceId, databases };
        await replacePrivateFile(this.path, serialize(file));
      } catch (error) {
        this.dirty = true;
        this.logger.error(
          { event: "crypto-store", err: { type: (error as Error)?.name } },
          "Matrix: saving the encryption state failed; it is retried on the next change",
        );
      }
    });
  }
}

interface Listenable {
  addEventListener(type: string, listener: () => void): void;
}

/**
 * The store's key. Created with the store; a saved store without its key cannot be opened,
 * which is an error rather than a reason to start over, since starting over would give the
 * device new keys (see session.ts).
 */
async function readOrCreateKey(path: string, storeExists: boolean): Promise<Uint8Array> {
  const saved = await readPrivateFile(path);
  if (saved) {
    const key = Buffer.from(saved.toString("utf8").trim(), "base64");
    if (key.length !== 32)
      throw new MatrixConfigError(`${path} is damaged: restore it from a backup`);
    return new Uint8Array(key);
  }
  if (storeExists)
    throw new MatrixConfigError(
      `${path} is missing, so the saved encryption state cannot be opened: restore it from a backup, or delete crypto-store beside it and sign in with a new MATRIX_ACCESS_TOKEN`,
    );
  const key = randomBytes(32);
  await createPrivateFile(path, `${key.toString("base64")}\n`);
  return new Uint8Array(key);
}
