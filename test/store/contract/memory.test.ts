import { describe } from "vitest";
import { MemoryStore } from "../../../src/store/memory-store.ts";
import { storeContract } from "./store-contract.ts";

describe("the memory store keeps the store contract", () => {
  storeContract({ open: async () => new MemoryStore() });
});
