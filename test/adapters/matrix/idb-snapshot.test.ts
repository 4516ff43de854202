import { IDBFactory } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import {
  type IdbFactory,
  restoreSnapshot,
  takeSnapshot,
} from "../../../adapters/matrix/idb-snapshot.ts";

/** Runs one IndexedDB request to its result. */
function done<T>(request: { result: T; onsuccess: unknown; onerror: unknown }): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = reject;
  });
}

// biome-ignore lint/suspicious/noExplicitAny: the project compiles without DOM types
type Idb = any;

describe("IndexedDB snapshots (the crypto store's copy on disk)", () => {
  it("restores every database with its stores, indexes, keys and binary values", async () => {
    const original: Idb = new IDBFactory();
    const open = original.open("crypto", 3);
    open.onupgradeneeded = () => {
      const db = open.result;
      const sessions = db.createObjectStore("sessions");
      sessions.put({ pickle: new Uint8Array([1, 2, 3]) }, ["room", "s1"]);
      const devices = db.createObjectStore("devices", { keyPath: "id", autoIncrement: true });
      devices.createIndex("by_user", "user", { unique: false, multiEntry: false });
      devices.put({ user: "u1" });
      devices.put({ user: "u2" });
    };
    (await done<Idb>(open)).close();

    const snapshot = structuredClone(await takeSnapshot(original as IdbFactory));
    const copy: Idb = new IDBFactory();
    await restoreSnapshot(copy as IdbFactory, snapshot);

    const db = await done<Idb>(copy.open("crypto"));
    expect(db.version).toBe(3);
    const tx = db.transaction(["sessions", "devices"], "readwrite");
    const session = await done<Idb>(tx.objectStore("sessions").get(["room", "s1"]));
    expect(session.pickle).toEqual(new Uint8Array([1, 2, 3]));
    const devices = tx.objectStore("devices");
    expect(await done(devices.index("by_user").getAllKeys("u2"))).toEqual([2]);
    // The key generator goes on where it stopped, so new records do not overwrite old ones.
    expect(await done(devices.add({ user: "u3" }))).toBe(3);
    db.close();
  });
});
