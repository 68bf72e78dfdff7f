/**
 * What people and companies are called, as the license fields accept it (first_name, last_name,
 * company_name): letters of any script, combining marks, digits, spaces and ordinary punctuation
 * (`John 3rd`, `Anne (Ops)`, `José Núñez`, `李小龙`, `O'Brien-Smith`, `Smith, Jr.`, `AT&T`).
 *
 * Refused: control and invisible characters (checked before, for every field), text without a
 * letter or digit, and the characters of markup and statements (`< > ; = " \` \ { } [ ] *`), which
 * no name needs and which would let a value open a tag, an attribute or a statement in a careless
 * consumer of the data (mail templates, vendor panels, CSV opened in a spreadsheet).
 * Person names must hold a letter (digits alone are no name, `3rd` beside one is) and refuse `_`:
 * nobody is called with one, and it keeps identifiers out.
 */
const HUMAN_CHARS = /^[\p{L}\p{M}\p{N}\p{Zs}\p{P}\p{Sc}+]*$/u;
const MARKUP_OR_STATEMENT = /[<>;="`\\{}[\]*]/;
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const HAS_LETTER = /\p{L}/u;

/** The characters refused, for messages. */
export const REFUSED_CHARACTERS = '< > ; = " ` \\ { } [ ] *';

/** Whether `text` (already trimmed, free of control characters) is acceptable as a company name. */
export function isHumanText(text: string): boolean {
  return HUMAN_CHARS.test(text) && !MARKUP_OR_STATEMENT.test(text) && HAS_LETTER_OR_DIGIT.test(text);
}

/** Whether `text` is acceptable as a first or last name: human text with a letter and without `_`. */
export function isPersonName(text: string): boolean {
  return isHumanText(text) && HAS_LETTER.test(text) && !text.includes('_');
}
