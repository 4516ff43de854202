#!/usr/bin/env node
/**
 * Rebuilds the "everyday background" text files in corpora/ from the upstream dataset files.
 * No dependencies; deterministic (upstream order is kept, the first copy of a duplicate wins).
 *
 *   node corpora/scripts/extract.mjs \
 *     --clinc <oos-eval/data/data_full.json> --clinc-commit <commit of clinc/oos-eval> \
 *     --massive <data/fa-IR.jsonl> --massive-commit <commit of the MASSIVE copy> \
 *     [--massive-repo atibeigi/Intent-Slot-Filling] [--massive-path data/fa-IR.jsonl] [--out corpora]
 *
 * Either dataset may be given alone. --out defaults to the folder above this script. The commit
 * ids are only written into the headers (this script cannot see git); each header also records
 * the git blob id of the input file, computed here, so a reader can check which file was used.
 * Which intents and utterances are removed, and why: corpora/README.md (keep both in step).
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** CLINC150 intents removed: Panah answers these (topics, commands, small talk). */
const CLINC_REMOVED = [
  // Panah's own commands and conversation (handled by commands or the small-talk rule)
  "change_language",
  "what_can_i_ask_you",
  "are_you_a_bot",
  "who_do_you_work_for",
  "user_name",
  "reset_settings",
  "sync_device",
  "translate",
  "greeting",
  "goodbye",
  "thank_you",
  "yes",
  "no",
  "maybe",
  "cancel",
  "repeat",
  // phones, messaging, location
  "find_phone",
  "make_call",
  "text",
  "share_location",
  "current_location",
  // accounts, fraud, money
  "report_fraud",
  "account_blocked",
  "freeze_account",
  "pin_change",
  "transfer",
  // travel and borders
  "travel_alert",
  "travel_notification",
  "international_visa",
];

/**
 * CLINC150 out-of-scope ("oos") utterances removed one by one, by exact text: the oos class is
 * a grab-bag, kept as a whole, but these few are Panah questions (or the same request as a
 * removed intent).
 */
const CLINC_OOS_REMOVED = [
  // a Panah topic by name
  "can the nsa crack the encryption on my iphone", // e2ee, device-safety
  "does the nsa listen to me", // sms-calls, metadata
  "is there an internet outage in my area", // blackout-status
  "how do i make my android phone more secure", // device-safety
  "please uninstall this intrusive social media app", // told-to-install
  "download all the photos off my phone into the cloud", // backups
  "can you group my photos by location", // location-data, metadata
  "watch the stories on instagram", // instagram
  "update my status on instagram", // instagram
  "can you sign out of my bank login", // account-security (sessions)
  "can you delete my saved credit card", // payments (card data)
  "how long do wire transfers take", // payments (as intent `transfer`)
  // the same request as a removed intent: contacts, calls, texts, e-mail, locating people
  "delete the contact uncle john from my phone",
  "search my contacts for the auto repair place",
  "read the phone number for mom in my phone contacts",
  "create a contact labeled mom",
  "create emergency phone numbers list",
  "accept incoming phone call",
  "deny incoming phone call",
  "answer the phone",
  "ignore call",
  "can you tell me who's calling me",
  "please answer the phone and put it on speaker on the tv",
  "how many voicemail messages do i have",
  "erase all voicemails in my inbox please",
  "read text",
  "what time did i get the last text message i received",
  "please read me the last text message i received",
  "read my friend's text message",
  "forward the text i just got from henry to giselle",
  "please read the text message i just received",
  "save my text on my laptop hard drive",
  "are there any messages",
  "email my boss, tell him i wont be in today",
  "can you give me the gps location of harvey",
  "locate jenny at her present position",
];

/** All 60 MASSIVE intents, so an unexpected label stops the script instead of slipping through. */
const MASSIVE_INTENTS = [
  "alarm_query",
  "alarm_remove",
  "alarm_set",
  "audio_volume_down",
  "audio_volume_mute",
  "audio_volume_other",
  "audio_volume_up",
  "calendar_query",
  "calendar_remove",
  "calendar_set",
  "cooking_query",
  "cooking_recipe",
  "datetime_convert",
  "datetime_query",
  "email_addcontact",
  "email_query",
  "email_querycontact",
  "email_sendemail",
  "general_greet",
  "general_joke",
  "general_quirky",
  "iot_cleaning",
  "iot_coffee",
  "iot_hue_lightchange",
  "iot_hue_lightdim",
  "iot_hue_lightoff",
  "iot_hue_lighton",
  "iot_hue_lightup",
  "iot_wemo_off",
  "iot_wemo_on",
  "lists_createoradd",
  "lists_query",
  "lists_remove",
  "music_dislikeness",
  "music_likeness",
  "music_query",
  "music_settings",
  "news_query",
  "play_audiobook",
  "play_game",
  "play_music",
  "play_podcasts",
  "play_radio",
  "qa_currency",
  "qa_definition",
  "qa_factoid",
  "qa_maths",
  "qa_stock",
  "recommendation_events",
  "recommendation_locations",
  "recommendation_movies",
  "social_post",
  "social_query",
  "takeaway_order",
  "takeaway_query",
  "transport_query",
  "transport_taxi",
  "transport_ticket",
  "transport_traffic",
  "weather_query",
];

/** MASSIVE intents removed: Panah answers these (topics, commands, small talk). */
const MASSIVE_REMOVED = [
  "general_greet", // small talk (چه خبر، چطوری)
  "general_quirky", // grab-bag incl. "what can't you do", "location services"
  "news_query", // "what's happening in <city>", news alerts: blackout-status, alerts
  "email_addcontact",
  "email_querycontact", // contacts
  "email_query",
  "email_sendemail", // messaging people
  "social_post",
  "social_query", // social media posting and reading
];

const USE = {
  train: "training allowed (this is a train split)",
  tune: "tuning only (thresholds, model choice); never train on it",
  test: "measurement and reporting only; never train or tune on it",
};

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    const value = argv[i + 1];
    if (!key?.startsWith("--") || value === undefined) usage(`bad argument: ${key ?? ""}`);
    args[key.slice(2)] = value;
  }
  for (const key of Object.keys(args)) {
    const known = [
      "clinc",
      "clinc-commit",
      "massive",
      "massive-commit",
      "massive-repo",
      "massive-path",
      "out",
    ];
    if (!known.includes(key)) usage(`unknown option --${key}`);
  }
  if (!args.clinc && !args.massive) usage("give --clinc and/or --massive");
  if (args.clinc && !args["clinc-commit"]) usage("--clinc needs --clinc-commit");
  if (args.massive && !args["massive-commit"]) usage("--massive needs --massive-commit");
  return args;
}

function usage(message) {
  console.error(`extract.mjs: ${message}`);
  console.error(
    "usage: node extract.mjs --clinc <data_full.json> --clinc-commit <sha> --massive <fa-IR.jsonl> --massive-commit <sha> [--out <dir>]",
  );
  process.exit(2);
}

function fail(message) {
  console.error(`extract.mjs: ${message}`);
  process.exit(1);
}

/** The id git gives this content (`git hash-object`). */
function gitBlobId(bytes) {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** Trims, checks the text fits the one-utterance-per-line format, and drops exact duplicates. */
function toLines(texts, where) {
  const seen = new Set();
  const lines = [];
  let duplicates = 0;
  for (const raw of texts) {
    if (typeof raw !== "string") fail(`${where}: an utterance is not a string`);
    const text = raw.trim();
    if (text === "") continue;
    if (/[\r\n\u2028\u2029]/.test(text))
      fail(`${where}: line break inside ${JSON.stringify(text)}`);
    if (text.startsWith("#")) fail(`${where}: utterance starts with '#': ${JSON.stringify(text)}`);
    if (seen.has(text)) {
      duplicates++;
      continue;
    }
    seen.add(text);
    lines.push(text);
  }
  return { lines, duplicates };
}

function writeCorpus(file, header, lines) {
  mkdirSync(dirname(file), { recursive: true });
  const body = [...header.map((h) => `# ${h}`.trimEnd()), ...lines].join("\n");
  writeFileSync(file, `${body}\n`, "utf8");
}

function clinc(args, out) {
  const bytes = readFileSync(args.clinc);
  const blob = gitBlobId(bytes);
  const data = JSON.parse(bytes.toString("utf8"));
  const intents = new Set();
  for (const key of ["train", "val", "test", "oos_train", "oos_val", "oos_test"]) {
    if (!Array.isArray(data[key])) fail(`CLINC: key ${key} missing`);
    for (const item of data[key]) intents.add(item[1]);
  }
  const removed = new Set(CLINC_REMOVED);
  for (const intent of removed) if (!intents.has(intent)) fail(`CLINC: no intent ${intent}`);
  const oosRemoved = new Set(CLINC_OOS_REMOVED);
  const oosSeen = new Set();

  const splits = [
    { name: "train", keys: ["train", "oos_train"], use: USE.train },
    { name: "val", keys: ["val", "oos_val"], use: USE.tune },
    { name: "test", keys: ["test", "oos_test"], use: USE.test },
  ];
  const stats = [];
  for (const split of splits) {
    const texts = [];
    let dropped = 0;
    for (const key of split.keys) {
      for (const [text, intent] of data[key]) {
        if (removed.has(intent)) {
          dropped++;
          continue;
        }
        if (intent === "oos" && oosRemoved.has(text.trim())) {
          oosSeen.add(text.trim());
          dropped++;
          continue;
        }
        texts.push(text);
      }
    }
    const { lines, duplicates } = toLines(texts, `CLINC ${split.name}`);
    const file = join(out, "clinc150", `${split.name}.en.txt`);
    writeCorpus(
      file,
      [
        `CLINC150 (Larson et al. 2019), ${split.keys.join(" + ")}: everyday English requests, one per line.`,
        `Use: ${split.use}. Rules and removed intents: corpora/README.md.`,
        `Source: https://github.com/clinc/oos-eval data/data_full.json at commit ${args["clinc-commit"]} (git blob ${blob}).`,
        "Licence: CC BY 3.0 (https://creativecommons.org/licenses/by/3.0/); attribution and changes: corpora/clinc150/LICENSE.md.",
        `Generated by corpora/scripts/extract.mjs, do not edit: ${removed.size} intents and ${oosRemoved.size} listed out-of-scope utterances removed, whitespace trimmed, exact duplicates dropped; ${lines.length} utterances.`,
      ],
      lines,
    );
    stats.push({ file, utterances: lines.length, removed: dropped, duplicates });
  }
  for (const text of oosRemoved)
    if (!oosSeen.has(text)) fail(`CLINC: oos utterance not found: ${text}`);
  return stats;
}

function massive(args, out) {
  const repo = args["massive-repo"] ?? "atibeigi/Intent-Slot-Filling";
  const path = args["massive-path"] ?? "data/fa-IR.jsonl";
  const bytes = readFileSync(args.massive);
  const blob = gitBlobId(bytes);
  const known = new Set(MASSIVE_INTENTS);
  const removed = new Set(MASSIVE_REMOVED);
  for (const intent of removed)
    if (!known.has(intent)) fail(`MASSIVE: unknown intent ${intent} in list`);
  const byPartition = { train: [], dev: [], test: [] };
  const dropped = { train: 0, dev: 0, test: 0 };
  const records = bytes
    .toString("utf8")
    .split("\n")
    .filter((line) => line.trim() !== "");
  for (const [n, line] of records.entries()) {
    const record = JSON.parse(line);
    if (record.locale !== "fa-IR") fail(`MASSIVE line ${n + 1}: locale ${record.locale}`);
    if (!(record.partition in byPartition))
      fail(`MASSIVE line ${n + 1}: partition ${record.partition}`);
    if (!known.has(record.intent))
      fail(`MASSIVE line ${n + 1}: unexpected intent ${record.intent}`);
    if (removed.has(record.intent)) {
      dropped[record.partition]++;
      continue;
    }
    // `utt` is the plain utterance; `annot_utt` carries the [slot : value] brackets.
    byPartition[record.partition].push(record.utt);
  }
  const use = { train: USE.train, dev: USE.tune, test: USE.test };
  const stats = [];
  for (const partition of ["train", "dev", "test"]) {
    const { lines, duplicates } = toLines(byPartition[partition], `MASSIVE ${partition}`);
    const file = join(out, "massive-fa", `${partition}.fa.txt`);
    writeCorpus(
      file,
      [
        `MASSIVE fa-IR (FitzGerald et al. 2022), partition "${partition}": everyday Persian requests (field utt), one per line, text as upstream.`,
        `Use: ${use[partition]}. Rules and removed intents: corpora/README.md.`,
        `Source: https://github.com/${repo} ${path} at commit ${args["massive-commit"]} (git blob ${blob}), a 500-line sample of MASSIVE fa-IR.`,
        "Licence: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/); attribution and changes: corpora/massive-fa/LICENSE.md.",
        `Generated by corpora/scripts/extract.mjs, do not edit: ${removed.size} intents removed, whitespace trimmed, exact duplicates dropped; ${lines.length} utterances.`,
      ],
      lines,
    );
    stats.push({ file, utterances: lines.length, removed: dropped[partition], duplicates });
  }
  return stats;
}

const args = parseArgs(process.argv.slice(2));
const out = resolve(args.out ?? join(dirname(fileURLToPath(import.meta.url)), ".."));
const stats = [
  ...(args.clinc ? clinc(args, out) : []),
  ...(args.massive ? massive(args, out) : []),
];
for (const s of stats) {
  console.log(
    `${s.file}: ${s.utterances} utterances (${s.removed} removed by intent/list, ${s.duplicates} duplicates dropped)`,
  );
}
