// A deterministic demo catalog: a few hundred real-looking titles with valid ISBNs, for the demo
// register and for tests. Generated from a fixed seed so every machine gets the same books.
import { parse } from 'isbn3';
import type { Store, Title } from './catalog.js';

export const DEMO_STORES: readonly Store[] = [
  { storeId: 'uptown', name: 'Uptown' },
  { storeId: 'riverside', name: 'Riverside' },
];

const ADJECTIVES = [
  'Silent',
  'Hidden',
  'Last',
  'Crimson',
  'Winter',
  'Paper',
  'Distant',
  'Golden',
  'Broken',
  'Quiet',
  'Salt',
  'Iron',
  'Lantern',
  'Northern',
  'Secret',
  'Wild',
  'Glass',
  'Midnight',
  'Forgotten',
  'Little',
];
const NOUNS = [
  'Harbour',
  'Orchard',
  'Cartographer',
  'Lighthouse',
  'Garden',
  'River',
  'Archive',
  'Kingdom',
  'Letters',
  'Atlas',
  'Tide',
  'Library',
  'Meadow',
  'Mountain',
  'Clockmaker',
  'Station',
  'Island',
  'Signal',
  'Voyage',
  'Bookshop',
];
const FIRST = [
  'Ada',
  'Tomas',
  'Mina',
  'Julian',
  'Priya',
  'Oskar',
  'Leila',
  'Hugo',
  'Noor',
  'Elena',
  'Samuel',
  'Ines',
  'Kofi',
  'Greta',
  'Rafael',
  'Yuki',
  'Maeve',
  'Anton',
  'Zara',
  'Felix',
];
const LAST = [
  'Hartley',
  'Okafor',
  'Lindqvist',
  'Moreau',
  'Castellano',
  'Whitfield',
  'Nakamura',
  'Brennan',
  'Sokolova',
  'Abernathy',
  'Delacroix',
  'Haddad',
  'Rasmussen',
  'Quill',
  'Ferreira',
  'Adeyemi',
  'Kowalski',
  'Marlowe',
  'Iversen',
  'Thorne',
];
const SECTIONS = [
  'Fiction',
  'Mystery',
  'Science',
  'History',
  'Children',
  'Poetry',
  'Cookery',
  'Travel',
];

/** mulberry32: tiny, fast, and the same everywhere. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(next: () => number, list: readonly T[]): T {
  const item = list[Math.floor(next() * list.length)];
  if (item === undefined) throw new Error('empty list');
  return item;
}

function checkDigit13(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}

/** ISBNs in English-language group 0/1 publisher ranges that isbn3 accepts. */
function demoIsbn(next: () => number): string {
  for (;;) {
    const group = next() < 0.5 ? '0' : '1';
    const body = String(Math.floor(next() * 1e8)).padStart(8, '0');
    const first12 = `978${group}${body}`;
    const isbn = first12 + checkDigit13(first12);
    if (parse(isbn)) return isbn;
  }
}

export interface DemoTitle extends Title {
  /** Opening stock per store. */
  stock: Record<string, number>;
}

export function demoCatalog(count = 300, seed = 20261124): DemoTitle[] {
  const next = random(seed);
  const seen = new Set<string>();
  const titles: DemoTitle[] = [];
  while (titles.length < count) {
    const isbn = demoIsbn(next);
    if (seen.has(isbn)) continue;
    seen.add(isbn);
    const title =
      next() < 0.5
        ? `The ${pick(next, ADJECTIVES)} ${pick(next, NOUNS)}`
        : `${pick(next, NOUNS)} of the ${pick(next, ADJECTIVES)} ${pick(next, NOUNS)}`;
    const priceCents = 799 + Math.floor(next() * 28) * 100;
    titles.push({
      isbn,
      title,
      author: `${pick(next, FIRST)} ${pick(next, LAST)}`,
      priceCents,
      costCents: Math.round(priceCents * 0.55),
      section: pick(next, SECTIONS),
      stock: Object.fromEntries(
        DEMO_STORES.map((store) => [store.storeId, Math.floor(next() * 6)]),
      ),
    });
  }
  return titles;
}
