// Splits a byte stream into text lines (JSON lines). Chunks may end anywhere: inside a line,
// between CR and LF, or inside a multi-byte UTF-8 character.
import { StringDecoder } from 'node:string_decoder';

export class LineTooLongError extends Error {
  constructor(
    readonly maxLength: number,
    readonly prefix: string,
  ) {
    super(`a line exceeded ${maxLength} characters and was dropped (starts with: ${prefix})`);
  }
}

export interface LineFramerOptions {
  /** Characters; longer lines are dropped whole and reported through onError. */
  maxLineLength: number;
  onLine: (line: string) => void;
  onError: (error: LineTooLongError) => void;
}

export class LineFramer {
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  /** True while skipping the rest of a line already reported as too long. */
  private discarding = false;

  constructor(private readonly options: LineFramerOptions) {}

  push(chunk: Buffer | string): void {
    this.consume(typeof chunk === 'string' ? chunk : this.decoder.write(chunk), false);
  }

  /** Stream ended: a last line without a newline still counts. */
  end(): void {
    this.consume(this.decoder.end(), true);
  }

  private consume(text: string, final: boolean): void {
    let start = 0;
    let newline = text.indexOf('\n', start);
    while (newline !== -1) {
      this.appendAndEmit(text.slice(start, newline));
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    this.append(text.slice(start));
    if (final && (this.buffer.length > 0 || this.discarding)) this.appendAndEmit('');
  }

  private appendAndEmit(piece: string): void {
    this.append(piece);
    const wasDiscarding = this.discarding;
    const line = this.buffer.endsWith('\r') ? this.buffer.slice(0, -1) : this.buffer;
    this.buffer = '';
    this.discarding = false;
    if (wasDiscarding) return;
    if (line.length > this.options.maxLineLength) {
      this.options.onError(new LineTooLongError(this.options.maxLineLength, line.slice(0, 80)));
      return;
    }
    this.options.onLine(line);
  }

  private append(piece: string): void {
    if (this.discarding || piece.length === 0) return;
    this.buffer += piece;
    // +1: a trailing CR may belong to a CRLF ending and not to the line itself.
    if (this.buffer.length > this.options.maxLineLength + 1) {
      this.options.onError(new LineTooLongError(this.options.maxLineLength, this.buffer.slice(0, 80)));
      this.buffer = '';
      this.discarding = true;
    }
  }
}
