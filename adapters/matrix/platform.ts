import { z } from "zod";
import type { Adapter } from "../../src/index.ts";

/** Matrix as the core knows it; matrix-js-sdk and its crypto load only when Panah connects. */
export const matrix: Adapter = {
  name: "matrix",
  title: { en: "Matrix", fa: "ماتریکس" },
  environment: [
    "MATRIX_HOMESERVER_URL",
    "MATRIX_USER_ID",
    "MATRIX_PASSWORD",
    "MATRIX_ACCESS_TOKEN",
    "MATRIX_RECOVERY_KEY",
    "MATRIX_ALLOWED_SERVERS",
  ],
  moderatorId: z
    .string()
    .regex(/^@[^:\s]+:[^\s]+$/, 'a Matrix user id looks like "@name:server.org"'),
  maintainerChat: z
    .string()
    .regex(/^![^:\s]+:\S+$/, 'a Matrix room id looks like "!abc123:server.org"'),
  pace: { perSecond: 5 },
  // Two replicas syncing one account would each answer every message: the leader syncs.
  directChatIsUserId: false,
  receivesInOneReplica: true,
  async connect(panah, context) {
    const { connectMatrix } = await import("./index.ts");
    return connectMatrix(panah, context);
  },
};
