// The query editor, loaded on demand so CodeMirror stays out of the first load.
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { lintKeymap, setDiagnostics } from '@codemirror/lint';
import { EditorState, Prec } from '@codemirror/state';
import { tags } from '@lezer/highlight';
import { EditorView, highlightActiveLine, keymap, placeholder } from '@codemirror/view';
import { insightsLanguage } from './language';
import { commands, functions, keywords, systemFields } from './vocab';

export interface QueryEditor {
  getText(): string;
  setText(text: string): void;
  /** Underlines [from, to) with the message; an empty range marks one character. */
  showError(from: number, to: number, message: string): void;
  clearErrors(): void;
  focus(): void;
  destroy(): void;
}

export interface EditorOptions {
  doc: string;
  onChange: (text: string) => void;
  onRun: () => void;
  /** Field names to offer, read at each completion so new discoveries show up. */
  fields: () => string[];
}

const highlight = HighlightStyle.define([
  { tag: tags.keyword, color: 'var(--accent)', fontWeight: '600' },
  { tag: tags.operatorKeyword, color: 'var(--chart-4)' },
  { tag: tags.function(tags.variableName), color: 'var(--chart-5)' },
  { tag: tags.special(tags.variableName), color: 'var(--chart-6)' },
  { tag: tags.string, color: 'var(--chart-3)' },
  { tag: tags.regexp, color: 'var(--chart-7)' },
  { tag: tags.number, color: 'var(--chart-2)' },
  { tag: tags.comment, color: 'var(--muted)', fontStyle: 'italic' },
  { tag: tags.operator, color: 'var(--muted)' },
]);

const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--surface)', color: 'var(--text)', fontSize: '13px' },
  '.cm-content': { fontFamily: 'var(--mono)', caretColor: 'var(--text)', padding: '8px 0' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--accent-soft)' },
  '.cm-activeLine': { backgroundColor: 'transparent' },
  '&.cm-focused .cm-activeLine': { backgroundColor: 'var(--surface-2)' },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', border: '1px solid var(--border)', color: 'var(--text)' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--accent-soft)', color: 'var(--text)' },
  '.cm-placeholder': { color: 'var(--muted)' },
  '.cm-lintRange-error': { backgroundImage: 'none', textDecoration: 'underline wavy var(--danger)', textUnderlineOffset: '3px' },
});

/** True when the word before pos starts a command: query start or right after '|'. */
function atCommandStart(text: string): boolean {
  const before = text.replace(/#[^\n]*/g, '').trimEnd();
  return before === '' || before.endsWith('|');
}

function completer(fields: () => string[]) {
  return (ctx: CompletionContext): CompletionResult | null => {
    const word = ctx.matchBefore(/[@\w.$]*/);
    if (!word || (word.from === word.to && !ctx.explicit)) return null;
    const before = ctx.state.doc.sliceString(0, word.from);
    if (atCommandStart(before)) {
      return {
        from: word.from,
        options: commands.map((c) => ({ label: c, type: 'keyword', apply: c + ' ', boost: 10 })),
        validFor: /^\w*$/,
      };
    }
    const known = new Set<string>();
    const options = [];
    for (const f of [...systemFields, ...fields()]) {
      if (known.has(f)) continue;
      known.add(f);
      options.push({ label: f, type: 'variable', boost: f.startsWith('@') ? 2 : 1 });
    }
    for (const f of functions) options.push({ label: f.name, type: 'function', detail: f.detail, apply: f.name + '(' });
    for (const k of keywords) options.push({ label: k, type: 'keyword', boost: -1 });
    return { from: word.from, options, validFor: /^[@\w.$]*$/ };
  };
}

export function createQueryEditor(parent: HTMLElement, opts: EditorOptions): QueryEditor {
  let hasErrors = false;
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: opts.doc,
      extensions: [
        Prec.highest(
          keymap.of([
            {
              key: 'Mod-Enter',
              run: () => {
                opts.onRun();
                return true;
              },
            },
          ]),
        ),
        history(),
        closeBrackets(),
        bracketMatching(),
        highlightActiveLine(),
        insightsLanguage,
        syntaxHighlighting(highlight),
        autocompletion({ override: [completer(opts.fields)], icons: false }),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap, indentWithTab]),
        placeholder('fields @timestamp, @message | sort @timestamp desc | limit 20'),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': 'Query', 'data-testid': 'query-editor-content' }),
        theme,
        EditorView.updateListener.of((u) => {
          if (!u.docChanged) return;
          opts.onChange(u.state.doc.toString());
          if (hasErrors) {
            // Edits invalidate a server-reported position; a view cannot be
            // updated from inside its own update, hence the microtask.
            hasErrors = false;
            queueMicrotask(() => view.dispatch(setDiagnostics(view.state, [])));
          }
        }),
      ],
    }),
  });
  return {
    getText: () => view.state.doc.toString(),
    setText: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    showError: (from, to, message) => {
      const len = view.state.doc.length;
      let f = Math.max(0, Math.min(from, len));
      let t = Math.max(f, Math.min(to, len));
      // A problem at the very end (a missing token) still needs something to underline.
      if (t === f) {
        if (t < len) t++;
        else if (f > 0) f--;
      }
      hasErrors = true;
      view.dispatch(setDiagnostics(view.state, [{ from: f, to: t, severity: 'error', message, source: 'query' }]));
    },
    clearErrors: () => {
      hasErrors = false;
      view.dispatch(setDiagnostics(view.state, []));
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
