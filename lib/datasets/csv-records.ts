// Splits CSV text into records of fields (RFC 4180: comma-separated, fields may be quoted with
// ", a doubled "" inside quotes is one "). A quoted field may hold commas and line breaks, so a
// record is not always one line: records are what a spreadsheet shows as rows, and the row
// numbers in every message count records (the header is row 1), never lines of text.

export interface CsvRecords {
  /** Each record's fields, as written (quotes removed, no trimming). */
  records: string[][];
  /** Row number (1-based) of a record whose quote is never closed, else null. */
  unclosedQuoteRow: number | null;
}

/** UTF-8 size of a string, counted without TextEncoder so this stays plain ECMAScript. */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    // A surrogate pair is one 4-byte code point; a lone surrogate is written as U+FFFD (3 bytes).
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export function csvRecords(text: string): CsvRecords {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false; // inside a quoted part of the current field
  let i = 0;
  const endField = () => {
    record.push(field);
    field = "";
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === "") quoted = true;
    else if (c === ",") endField();
    else if (c === "\n" || c === "\r") {
      endRecord();
      if (c === "\r" && text[i + 1] === "\n") i++;
    } else field += c; // a quote inside an unquoted field is kept as a character, as spreadsheets do
    i++;
  }
  if (quoted) return { records, unclosedQuoteRow: records.length + 1 };
  // The last line needs no line break; text that ends with one has no extra empty record.
  if (field !== "" || record.length > 0) endRecord();
  return { records, unclosedQuoteRow: null };
}
