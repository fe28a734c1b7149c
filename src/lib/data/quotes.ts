/**
 * Finds a CSV quote that is opened and never properly closed. DuckDB's sniffer answers such a
 * file by turning quoting off: it loads, with `"purchase` kept as the value (so the row silently
 * stops matching `purchase`), or with rows split at commas that were inside quotes. The file line
 * of the opening quote is what the user needs to fix it.
 *
 * RFC 4180 reading: a quote opens a field only at its start; inside, `""` is a quote, and a
 * quote closes the field only before a delimiter, a line break or the end of the file.
 */

export interface QuoteProblem {
  /** File line (1 = the header) of the quote that is not closed. */
  line: number;
}

export class QuoteScanner {
  private line = 1;
  private inQuotes = false;
  private quotePending = false;
  private atFieldStart = true;
  private afterCR = false;
  private openLine = 0;
  private found: QuoteProblem | undefined;

  constructor(private readonly delimiter: string) {}

  get problem(): QuoteProblem | undefined {
    return this.found;
  }

  feed(text: string): void {
    for (let i = 0; i < text.length && !this.found; i++) this.step(text[i]!);
  }

  end(): QuoteProblem | undefined {
    if (!this.found && this.inQuotes && !this.quotePending) this.found = { line: this.openLine };
    return this.found;
  }

  private step(ch: string): void {
    if (this.quotePending) {
      this.quotePending = false;
      if (ch === '"') return; // "" inside quotes
      if (ch !== this.delimiter && ch !== '\n' && ch !== '\r') {
        this.found = { line: this.openLine };
        return;
      }
      this.inQuotes = false;
    } else if (this.inQuotes) {
      if (ch === '"') this.quotePending = true;
      else this.newline(ch);
      return;
    }
    if (ch === '"' && this.atFieldStart) {
      this.inQuotes = true;
      this.openLine = this.line;
      this.atFieldStart = false;
    } else if (ch === this.delimiter) {
      this.atFieldStart = true;
    } else if (this.newline(ch)) {
      this.atFieldStart = true;
    } else {
      this.atFieldStart = false;
    }
    if (ch !== '\r') this.afterCR = false;
  }

  /** Counts CRLF, LF and a lone CR as one line break each. */
  private newline(ch: string): boolean {
    if (ch === '\r') {
      this.line++;
      this.afterCR = true;
      return true;
    }
    if (ch === '\n') {
      if (!this.afterCR) this.line++;
      this.afterCR = false;
      return true;
    }
    this.afterCR = false;
    return false;
  }
}

/** Scans a whole file, streaming, stopping at the first problem. */
export async function findUnbalancedQuote(file: Blob, delimiter: string): Promise<QuoteProblem | undefined> {
  if (delimiter.length !== 1) return undefined;
  const scanner = new QuoteScanner(delimiter);
  const decoder = new TextDecoder();
  const reader = file.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      scanner.feed(decoder.decode(value, { stream: true }));
      if (scanner.problem) return scanner.problem;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  scanner.feed(decoder.decode());
  return scanner.end();
}
