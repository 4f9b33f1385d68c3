// Marks the parts of a text that a search matched. It folds text the way the API's tokenizer does
// (lower case, accents stripped, words split on anything but letters and digits), so "cafe" marks the
// "Café" in "Café at night", and a query word marks only a word it is the prefix of.

const folds = { "ł": "l", "đ": "d", "ø": "o", "ħ": "h", "æ": "ae", "œ": "oe", "ß": "ss", "þ": "th", "ı": "i", "ŀ": "l" };
const wordChar = /[\p{L}\p{Nd}\p{Nl}\p{No}\p{Mc}]/u;
const combining = /\p{Mn}/u;

function fold(char) {
  const lower = char.toLowerCase().normalize("NFD").replace(/\p{Mn}/gu, "");
  return [...lower].map((c) => folds[c] ?? c).join("");
}

/** The query's words, folded, longest first (so "sunset" wins over "sun" on the same word). */
export function queryWords(query) {
  return [...new Set(words(query).map((w) => w.folded))].sort((a, b) => b.length - a.length);
}

/** The words of a text with where each starts and ends, and how its folded form maps back. */
function words(text) {
  const found = [];
  let current = null;
  let index = 0;
  for (const char of text) {
    const end = index + char.length;
    if (combining.test(char) && current) {
      current.ends[current.ends.length - 1] = end; // an accent belongs to the letter before it
    } else if (wordChar.test(char)) {
      current ??= { start: index, folded: "", ends: [] };
      for (const f of fold(char)) {
        current.folded += f;
        current.ends.push(end);
      }
    } else if (current) {
      found.push(current);
      current = null;
    }
    index = end;
  }
  if (current) found.push(current);
  return found;
}

/** The text as nodes, with every word that starts with a query word's prefix wrapped in <mark>. */
export function highlight(text, query) {
  const wanted = Array.isArray(query) ? query : queryWords(query);
  const fragment = document.createDocumentFragment();
  let at = 0;
  for (const word of words(text)) {
    const hit = wanted.find((q) => q && word.folded.startsWith(q));
    if (!hit) continue;
    const end = word.ends[hit.length - 1];
    fragment.append(text.slice(at, word.start));
    const mark = document.createElement("mark");
    mark.textContent = text.slice(word.start, end);
    fragment.append(mark);
    at = end;
  }
  fragment.append(text.slice(at));
  return fragment;
}

/** True when some word of the text starts with one of the query words. */
export function matches(text, query) {
  const wanted = Array.isArray(query) ? query : queryWords(query);
  return words(text).some((word) => wanted.some((q) => q && word.folded.startsWith(q)));
}
