// The human format, modelled on ESLint's default "stylish" formatter so it reads (and matches
// problem matchers such as VS Code's $eslint-stylish) the way users already know:
//
//   /abs/path/train.ts
//      3:15  error    tf.log of a sigmoid output can reach log(0)  raw-log
//     12:3   warning  learning rate 0.5 is high for sgd            high-learning-rate
//
//   ✖ 2 problems (1 error, 1 warning)
//     1 error and 0 warnings potentially fixable with the `--fix` option.

import { countFiles, reportMessages, type FormatContext, type LintedFile } from './common';

interface Palette {
  underline(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
}

const ansi = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const COLORS: Palette = { underline: ansi(4, 24), dim: ansi(2, 22), bold: ansi(1, 22), red: ansi(31, 39), yellow: ansi(33, 39), blue: ansi(34, 39) };
const identity = (s: string) => s;
const PLAIN: Palette = { underline: identity, dim: identity, bold: identity, red: identity, yellow: identity, blue: identity };

export function formatText(files: readonly LintedFile[], context: FormatContext): string {
  const c = context.color ? COLORS : PLAIN;
  let out = '\n';
  for (const file of files) {
    const messages = reportMessages(file);
    if (messages.length === 0) continue;
    const rows = messages.map((m) => ({
      line: String(m.line),
      column: String(m.column),
      severity: m.severity,
      // As stylish does: one line per message, no trailing period before the rule id.
      message: m.message.replace(/\s*\n\s*/g, ' ').replace(/([^ ])\.$/, '$1'),
      ruleId: m.ruleId ?? '',
    }));
    const width = {
      line: Math.max(...rows.map((r) => r.line.length)),
      column: Math.max(...rows.map((r) => r.column.length)),
      severity: Math.max(...rows.map((r) => r.severity.length)),
      message: Math.max(...rows.map((r) => r.message.length)),
    };
    out += `${c.underline(file.filePath)}\n`;
    for (const r of rows) {
      const position = c.dim(`${r.line.padStart(width.line)}:${r.column.padEnd(width.column)}`);
      const severity = paintSeverity(c, r.severity, r.severity.padEnd(width.severity));
      const rule = r.ruleId ? `  ${' '.repeat(width.message - r.message.length)}${c.dim(r.ruleId)}` : '';
      out += `  ${position}  ${severity}  ${r.message}${rule}\n`;
    }
    out += '\n';
  }

  const total = countFiles(files);
  const problems = total.errorCount + total.warningCount + total.infoCount;
  if (problems === 0) return '';
  const parts = [plural(total.errorCount, 'error'), plural(total.warningCount, 'warning')];
  if (total.infoCount > 0) parts.push(`${total.infoCount} info`);
  const summary = `✖ ${plural(problems, 'problem')} (${parts.join(', ')})`;
  const paint = total.errorCount > 0 ? c.red : total.warningCount > 0 ? c.yellow : c.blue;
  out += `${c.bold(paint(summary))}\n`;
  if (total.fixableErrorCount > 0 || total.fixableWarningCount > 0) {
    const fixable = `  ${plural(total.fixableErrorCount, 'error')} and ${plural(total.fixableWarningCount, 'warning')} potentially fixable with the \`--fix\` option.`;
    out += `${c.bold(paint(fixable))}\n`;
  }
  return out;
}

function paintSeverity(c: Palette, severity: string, padded: string): string {
  if (severity === 'error') return c.red(padded);
  if (severity === 'warning') return c.yellow(padded);
  return c.blue(padded);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
