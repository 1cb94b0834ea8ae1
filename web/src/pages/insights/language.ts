// Highlighting for Logs Insights queries as a stream tokenizer: the grammar
// is small and line-oriented, so a full Lezer grammar would buy little.
import { StreamLanguage, type StreamParser } from '@codemirror/language';
import { isCommand, isFunction, isKeyword } from './vocab';

interface State {
  /** The next word is in command position: start of the query or after '|'. */
  command: boolean;
  /** The previous token ends a value, so '/' divides rather than opens a regex. */
  value: boolean;
}

function readQuoted(stream: { next(): string | void; eol(): boolean }, quote: string): void {
  let escaped = false;
  while (!stream.eol()) {
    const ch = stream.next();
    if (ch === quote && !escaped) return;
    escaped = !escaped && ch === '\\';
  }
}

const parser: StreamParser<State> = {
  name: 'logs-insights',
  startState: () => ({ command: true, value: false }),
  token(stream, state) {
    if (stream.eatSpace()) return null;
    const ch = stream.peek() ?? '';
    if (ch === '#') {
      stream.skipToEnd();
      return 'comment';
    }
    if (ch === '|') {
      stream.next();
      state.command = true;
      state.value = false;
      return 'operator';
    }
    if (ch === '"' || ch === "'") {
      stream.next();
      readQuoted(stream, ch);
      state.command = false;
      state.value = true;
      return 'string';
    }
    if (ch === '`') {
      stream.next();
      readQuoted(stream, '`');
      state.command = false;
      state.value = true;
      return 'variableName';
    }
    if (ch === '/' && !state.value) {
      stream.next();
      readQuoted(stream, '/');
      stream.match(/^[a-z]*/);
      state.value = true;
      return 'regexp';
    }
    if (stream.match(/^-?\d+(\.\d+)?(ms|s|m|h|d|w|mo|q|y)?\b/)) {
      state.command = false;
      state.value = true;
      return 'number';
    }
    const word = stream.match(/^@?[A-Za-z_$][\w$]*(\.[\w$]+)*/) as RegExpMatchArray | null;
    if (word) {
      const w = word[0];
      const wasCommand = state.command;
      state.command = false;
      if (wasCommand && isCommand(w)) {
        state.value = false;
        return 'keyword';
      }
      if (isKeyword(w)) {
        state.value = false;
        return 'operatorKeyword';
      }
      state.value = true;
      if (stream.match(/^\s*\(/, false) && isFunction(w)) return 'variableName.function';
      if (w.startsWith('@')) return 'variableName.special';
      return 'variableName';
    }
    stream.next();
    state.command = false;
    if (ch === ')' || ch === ']') {
      state.value = true;
      return 'bracket';
    }
    state.value = false;
    if ('([,'.includes(ch)) return ch === ',' ? 'punctuation' : 'bracket';
    return 'operator';
  },
  languageData: {
    commentTokens: { line: '#' },
    closeBrackets: { brackets: ['(', '[', '"', "'", '`'] },
  },
};

export const insightsLanguage = StreamLanguage.define(parser);
