import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseView } from '../../shared/offload/schemas.ts';
import { openCaseStore } from '../../electron/core/store/case-store.ts';
import type { CaseSnapshot } from '../../electron/core/store/case-store-types.ts';
import { SeededRandom } from '../simulator/seeded-random.ts';
import {
  makeTempDir,
  sampleView,
} from '../electron/core/store/store-fixtures.ts';

// The case store at the size the console is built for: 10,000 cases.
//
// search: 10,000 transcripts of ~20 KB of seeded pseudo-English with some
// rare words planted, searched through the store (FTS5) and, as the peer,
// with `grep -ril` over the same texts written as files, in the same run.
//
// open: opening a store of 10,000 watched cases with snapshots (integrity
// check and migrations included) and listing them, against reading and
// JSON.parse-ing the same snapshots from one JSON file.

const CASES = 10_000;
const TRANSCRIPT_CHARS = 20_000;
const T0 = 1_775_000_000_000;

function caseId(index: number): string {
  return `case-${String(index).padStart(5, '0')}`;
}

function median(values: number[]): number {
  return percentile(values, 50);
}

function percentile(values: number[], p: number): number {
  const sorted = values.toSorted((a, b) => a - b);
  const index = Math.min(
    sorted.length - 1,
    Math.ceil((p / 100) * sorted.length) - 1,
  );
  return sorted[Math.max(0, index)] ?? 0;
}

function allTimes(times: Map<string, number[]>): number[] {
  return [...times.values()].flat();
}

function ms(value: number): string {
  return value < 10 ? value.toFixed(2) : value.toFixed(0);
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

function fileSize(path: string): number {
  let total = 0;
  for (const suffix of ['', '-wal']) {
    try {
      total += statSync(path + suffix).size;
    } catch {
      // No -wal after a clean close.
    }
  }
  return total;
}

// ------------------------------------------------------------- text maker

const COMMON_WORDS = (
  'the of and to a in is it you that he was for on are with as his they ' +
  'be at one have this from or had by word but what some we can out other ' +
  'were all there when up use your how said an each she which do their ' +
  'time if will way about many then them write would like so these her ' +
  'long make thing see him two has look more day could go come did number ' +
  'sound no most people my over know water than call first who may down ' +
  'side been now find any new work part take get place made live where ' +
  'after back little only round man year came show every good me give our ' +
  'under name very through just form sentence great think say help low ' +
  'line differ turn cause much mean before move right boy old too same ' +
  'tell does set three want air well also play small end put home read ' +
  'hand port large spell add even land here must big high such follow act ' +
  'why ask men change went light kind off need house picture try us again ' +
  'animal point mother world near build self earth father invoice vendor ' +
  'payment signed form attached please confirm delivery window schedule ' +
  'account supplier contract address request reply thanks regards team'
).split(' ');
const SYLLABLES = (
  'ka lo rin ta mer bel sto van qui dra pel nor fen lis gar tho mu zen ' +
  'pra vel cor din hal jun pos tri wen yar'
).split(' ');

/** A vocabulary: real common words, then made-up rarer ones. */
function vocabulary(random: SeededRandom): string[] {
  const words = new Set(COMMON_WORDS);
  while (words.size < 6_000) {
    const parts = 2 + random.int(3);
    let word = '';
    for (let i = 0; i < parts; i += 1) word += random.pick(SYLLABLES);
    words.add(word);
  }
  return [...words];
}

/** Zipf-like pick: low indexes (common words) come up far more often. */
function pickWord(random: SeededRandom, words: string[]): string {
  const r = random.uint32() / 0x1_0000_0000;
  return words[Math.floor(words.length * r * r * r)] ?? 'the';
}

function transcript(
  random: SeededRandom,
  words: string[],
  planted: string[],
): string {
  const lines = ['From: Avery <avery@example.com>', ''];
  let length = 0;
  let sentence: string[] = [];
  while (length < TRANSCRIPT_CHARS) {
    const word = pickWord(random, words);
    sentence.push(word);
    length += word.length + 1;
    if (sentence.length > 6 + random.int(14)) {
      const text = sentence.join(' ');
      lines.push(`${text.charAt(0).toUpperCase()}${text.slice(1)}.`);
      sentence = [];
      if (random.int(12) === 0) lines.push('', 'From: Maya Chen', '');
    }
  }
  for (const word of planted) {
    const at = 2 + random.int(lines.length - 2);
    lines.splice(at, 0, `Note the reference ${word} here.`);
  }
  return lines.join('\n');
}

// ------------------------------------------------------------------ search

function timeGrep(word: string, dir: string): { ms: number; files: number } {
  const start = performance.now();
  const result = spawnSync('grep', ['-ril', word, dir], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const elapsed = performance.now() - start;
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`grep failed: ${result.stderr}`);
  }
  const files = result.stdout.split('\n').filter((line) => line !== '');
  return { ms: elapsed, files: files.length };
}

export interface SearchCorpus {
  storePath: string;
  textDir: string;
  rareWords: string[];
  /** Transcript numbers each rare word was planted in. */
  plantedIn: Map<string, Set<number>>;
}

/**
 * Writes the search corpus into `dir`: a closed store holding the 10,000
 * transcripts, and the same texts as files for grep.
 */
export function buildSearchCorpus(dir: string): SearchCorpus {
  const random = new SeededRandom(7, 'store-search');
  const words = vocabulary(random);
  const rareWords = Array.from(
    { length: 20 },
    (_, i) => `zq${random.hex(3)}rare${i}`,
  );
  // Each rare word goes into 1-5 transcripts.
  const plantedIn = new Map<string, Set<number>>();
  const wordsFor = new Map<number, string[]>();
  for (const word of rareWords) {
    const targets = new Set<number>();
    const count = 1 + random.int(5);
    while (targets.size < count) targets.add(random.int(CASES));
    plantedIn.set(word, targets);
    for (const target of targets) {
      wordsFor.set(target, [...(wordsFor.get(target) ?? []), word]);
    }
  }

  const storePath = join(dir, 'store', 'cases.sqlite');
  const textDir = join(dir, 'texts');
  mkdirSync(textDir);
  const { store } = openCaseStore(storePath);
  store.watch(
    Array.from({ length: CASES }, (_, i) => ({ caseId: caseId(i) })),
    'file',
    T0,
  );
  let textBytes = 0;
  let storeMs = 0;
  for (let i = 0; i < CASES; i += 1) {
    const text = transcript(random, words, wordsFor.get(i) ?? []);
    textBytes += Buffer.byteLength(text);
    writeFileSync(join(textDir, `${caseId(i)}.txt`), text);
    const start = performance.now();
    store.saveTranscript(caseId(i), text, T0, T0);
    storeMs += performance.now() - start;
  }
  store.close();
  console.log(
    `search setup: ${CASES} transcripts, ${megabytes(textBytes)} MB of ` +
      `text, stored in ${(storeMs / 1000).toFixed(1)} s ` +
      `(store file ${megabytes(fileSize(storePath))} MB)`,
  );
  return { storePath, textDir, rareWords, plantedIn };
}

/** `npm run bench -- search` */
export async function benchSearch(): Promise<void> {
  const temp = makeTempDir('offload-bench-search-');
  try {
    const { storePath, textDir, rareWords, plantedIn } = buildSearchCorpus(
      temp.dir,
    );
    const openStart = performance.now();
    const reopened = openCaseStore(storePath).store;
    console.log(
      `search store open, full check every open (default): ` +
        `${ms(performance.now() - openStart)} ms`,
    );
    const lightStart = performance.now();
    openCaseStore(storePath, { integrityCheck: 'daily' }).store.close();
    console.log(
      `search store open, integrityCheck 'daily', checked today: ` +
        `${ms(performance.now() - lightStart)} ms`,
    );

    const common = COMMON_WORDS.slice(0, 20);
    const prefixes = [
      'invo',
      'vend',
      'paym',
      'deli',
      'sche',
      'acco',
      'supp',
      'cont',
      'sign',
      'attac',
    ];
    // What search-as-you-type sends after the first keystrokes.
    const shortPrefixes = ['a', 's', 'in', 'pa', 'co'];
    const queries = [
      ...rareWords.map((word) => ({ kind: 'rare', word })),
      ...common.map((word) => ({ kind: 'common', word })),
      ...prefixes.map((word) => ({ kind: 'prefix', word })),
      ...shortPrefixes.map((word) => ({ kind: 'short', word })),
    ];

    // One warm-up pass (page cache, statement caches) for both sides.
    for (const { word } of queries.slice(0, 5)) {
      reopened.search(word);
      timeGrep(word, textDir);
    }
    const storeTimes = new Map<string, number[]>();
    const grepTimes = new Map<string, number[]>();
    let agree = 0;
    for (const { kind, word } of queries) {
      // Best of three for the store: single runs of sub-millisecond work
      // are mostly timer and GC noise.
      const runs: number[] = [];
      let hits = 0;
      for (let run = 0; run < 3; run += 1) {
        const start = performance.now();
        hits = reopened.search(word).length;
        runs.push(performance.now() - start);
      }
      const grep = timeGrep(word, textDir);
      storeTimes.set(kind, [...(storeTimes.get(kind) ?? []), median(runs)]);
      grepTimes.set(kind, [...(grepTimes.get(kind) ?? []), grep.ms]);
      if (kind === 'rare' && hits === plantedIn.get(word)?.size) {
        if (grep.files === hits) agree += 1;
      }
    }
    reopened.close();

    for (const [label, ours, theirs] of [
      ['rare words', storeTimes.get('rare'), grepTimes.get('rare')],
      ['common words', storeTimes.get('common'), grepTimes.get('common')],
      [
        '3-5 letter prefixes',
        storeTimes.get('prefix'),
        grepTimes.get('prefix'),
      ],
      ['1-2 letter prefixes', storeTimes.get('short'), grepTimes.get('short')],
      ['all queries', allTimes(storeTimes), allTimes(grepTimes)],
    ] as const) {
      for (const p of [50, 95]) {
        const oursMs = percentile(ours ?? [], p);
        const theirsMs = percentile(theirs ?? [], p);
        console.log(
          `search ${label} p${p}: ${ms(oursMs)} ms ` +
            `(ratio ${(oursMs / theirsMs).toFixed(4)}x vs grep -ril ` +
            `${ms(theirsMs)} ms)`,
        );
      }
    }
    console.log(
      `search rare words found in exactly the planted transcripts: ` +
        `${agree}/${rareWords.length} (grep agrees)`,
    );
  } finally {
    temp.remove();
  }
}

// -------------------------------------------------------------------- open

const STATUSES = ['CREATED', 'RUNNING', 'INPUT_NEEDED', 'COMPLETED', 'FAILED'];
const NAMES = ['Maya Chen', 'Sam Ortiz', 'Jürgen Müller', 'Ana Lima', 'Li Wei'];
const OBJECTIVES = [
  'Collect a signed W-9 from the vendor',
  'Confirm whether the Tuesday delivery window works',
  'Get the updated bank details for the next payment run',
  'Agree on a date for the contract renewal call',
];

function benchView(random: SeededRandom, index: number): CaseView {
  const name = random.pick(NAMES);
  return sampleView(caseId(index), {
    clientReferenceId: `ref_${index}`,
    status: random.pick(STATUSES),
    updatedAt: T0 + random.int(10_000_000),
    attemptCount: random.int(4),
    counterparty: {
      address: `${name.split(' ')[0]?.toLowerCase()}${index}@vendor.example`,
      name,
      company: `Vendor ${index} Ltd`,
      timezone: 'Europe/Berlin',
    },
    goal: {
      objective: random.pick(OBJECTIVES),
      knowledge: { vendorId: `v_${index}`, dueDate: '2026-05-01' },
    },
    attachments:
      random.int(3) === 0
        ? [
            {
              attachmentId: `att_${index}`,
              name: 'w9.pdf',
              size: 904_860,
              type: 'application/pdf',
              messageId: `msg_${index}`,
              inboxId: 'inbox_1',
              receivedAt: T0,
            },
          ]
        : [],
  });
}

/** `npm run bench -- open` */
export async function benchOpen(): Promise<void> {
  const temp = makeTempDir('offload-bench-open-');
  try {
    const random = new SeededRandom(11, 'store-open');
    const storePath = join(temp.dir, 'cases.sqlite');
    const jsonPath = join(temp.dir, 'cases.json');
    const { store } = openCaseStore(storePath);
    store.watch(
      Array.from({ length: CASES }, (_, i) => ({
        caseId: caseId(i),
        label: `Case ${i}`,
      })),
      'file',
      T0,
    );
    const snapshots: CaseSnapshot[] = [];
    for (let i = 0; i < CASES; i += 1) {
      const view = benchView(random, i);
      store.saveSnapshot(view, T0);
      snapshots.push({ caseId: view.caseId, view, fetchedAt: T0 });
    }
    store.close();
    writeFileSync(jsonPath, JSON.stringify(snapshots));
    console.log(
      `open setup: ${CASES} cases, store file ` +
        `${megabytes(fileSize(storePath))} MB, JSON ` +
        `${megabytes(statSync(jsonPath).size)} MB`,
    );

    // Rounds alternate the three sides so that drift on a noisy machine
    // hits them alike; the first round only warms up (page cache, JIT).
    const times = { every: [] as number[], daily: [] as number[] };
    const openTimes = { every: [] as number[], daily: [] as number[] };
    const listTimes: number[] = [];
    const jsonTimes: number[] = [];
    for (let run = 0; run < 8; run += 1) {
      for (const policy of ['every', 'daily'] as const) {
        const start = performance.now();
        const opened = openCaseStore(storePath, {
          integrityCheck: policy === 'every' ? 'every-open' : 'daily',
        }).store;
        const afterOpen = performance.now();
        const items = opened.listCases();
        const end = performance.now();
        opened.close();
        if (items.length !== CASES) throw new Error('listCases lost cases');
        if (run === 0) continue;
        times[policy].push(end - start);
        openTimes[policy].push(afterOpen - start);
        listTimes.push(end - afterOpen);
      }
      const jsonStart = performance.now();
      const parsed = JSON.parse(readFileSync(jsonPath, 'utf8')) as unknown[];
      const jsonEnd = performance.now();
      if (parsed.length !== CASES) throw new Error('JSON lost cases');
      if (run > 0) jsonTimes.push(jsonEnd - jsonStart);
    }
    const json = median(jsonTimes);
    for (const [label, policy] of [
      ['full check every open (default)', 'every'],
      ["integrityCheck 'daily', checked today", 'daily'],
    ] as const) {
      const total = median(times[policy]);
      console.log(
        `open + first listCases, ${label}: ${ms(total)} ms ` +
          `(ratio ${(total / json).toFixed(2)}x vs JSON.parse of the same ` +
          `snapshots ${ms(json)} ms)`,
      );
      console.log(`open alone, ${label}: ${ms(median(openTimes[policy]))} ms`);
    }
    console.log(`listCases alone: ${ms(median(listTimes))} ms`);
  } finally {
    temp.remove();
  }
}
