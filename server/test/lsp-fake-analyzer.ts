// A scripted analyzer for the protocol tests: it flags text patterns, so the server's mechanics
// (ordering, debouncing, code actions, lenses, settings) are tested independently of what the real
// rules decide. It parses with the real analyzer, so incremental parsing and syntax errors are real.
//
//   tf.log(NAME)          fake-raw-log, warning; fixes: NAME.add(1e-7) (safe, preferred) and
//                         tf.clipByValue(NAME, 1e-7, 1) (unsafe); related: `const NAME =` if any
//   tf.train.sgd(N), N>1  fake-high-lr, error; one unsafe fix: 0.01
//   X.fit(                a training site
//   FAKE_THROW            the analyzer throws (the real one never does; the server must survive)

import { analyze } from '../src/analysis/analyze';
import { defaultConfig, mergeConfig } from '../src/analysis/config';
import { Positions } from '../src/analysis/positions';
import { parseSuppressions } from '../src/analysis/suppressions';
import type { Finding, Severity, TrainingSite } from '../src/analysis/types';
import { fixAll } from '../src/fixes/apply';
import { docUrl } from '../src/rules/rule';
import type { Analyzer } from '../src/lsp/analyzer';

export const FAKE_RULES = ['fake-raw-log', 'fake-high-lr'] as const;

export const fakeAnalyzer: Analyzer = {
  ruleIds: FAKE_RULES,
  docUrl,
  defaultConfig,
  mergeConfig,
  fixAll: (text, findings) => fixAll(text, findings, 'safe'),
  analyze(input) {
    if (input.text.includes('FAKE_THROW')) throw new Error('scripted analyzer failure');
    const parsed = analyze({ ...input, only: [] });
    const sourceFile = parsed.sourceFile;
    if (!sourceFile || parsed.skipped) return parsed;
    const positions = new Positions(sourceFile);
    const suppressions = parseSuppressions(sourceFile, positions);
    const config = input.config ?? defaultConfig();
    const text = input.text;
    const findings: Finding[] = [];
    const report = (ruleId: string, severity: Severity, f: Omit<Finding, 'ruleId' | 'severity' | 'range' | 'messageId' | 'data'>): void => {
      const level = config.rules[ruleId];
      if (level === 'off') return;
      const range = positions.range(f.span);
      if (suppressions.isSuppressed(ruleId, range.start.line)) return;
      findings.push({ ...f, ruleId, messageId: 'fake', data: {}, severity: level ?? severity, range });
    };

    for (const m of text.matchAll(/tf\.log\(([A-Za-z_$][\w$]*)\)/g)) {
      const name = m[1] ?? '';
      const start = (m.index ?? 0) + 'tf.log('.length;
      const span = { start, end: start + name.length };
      const decl = new RegExp(`const ${name.replace(/\$/g, '\\$')}\\b`).exec(text);
      report('fake-raw-log', 'warning', {
        message: `tf.log of ${name} can reach 0`,
        span,
        related: decl ? [{ span: { start: decl.index, end: decl.index + decl[0].length }, range: positions.range({ start: decl.index, end: decl.index + decl[0].length }), message: `${name} is defined here` }] : [],
        fixes: [
          { title: `Add epsilon: ${name}.add(1e-7)`, safety: 'safe', remedy: 'epsilon', preferred: true, edits: [{ span, newText: `${name}.add(1e-7)` }] },
          { title: 'Clip to [1e-7, 1]', safety: 'unsafe', remedy: 'epsilon', edits: [{ span, newText: `tf.clipByValue(${name}, 1e-7, 1)` }] },
        ],
      });
    }
    for (const m of text.matchAll(/tf\.train\.sgd\(([\d.]+)\)/g)) {
      const value = Number(m[1]);
      if (!(value > 1)) continue;
      const start = (m.index ?? 0) + 'tf.train.sgd('.length;
      const span = { start, end: start + (m[1] ?? '').length };
      report('fake-high-lr', 'error', {
        message: `learning rate ${value} is too high for sgd`,
        span,
        related: [],
        fixes: [{ title: 'Set the learning rate to 0.01', safety: 'unsafe', remedy: 'learning-rate', edits: [{ span, newText: '0.01' }] }],
      });
    }
    findings.sort((a, b) => a.span.start - b.span.start);

    const sites: TrainingSite[] = [];
    for (const m of text.matchAll(/\b([A-Za-z_$][\w$]*)\.fit\(/g)) {
      const span = { start: m.index ?? 0, end: (m.index ?? 0) + m[0].length };
      const range = positions.range(span);
      sites.push({ id: `fit@${range.start.line + 1}`, kind: 'fit', span, range, modelId: m[1] ?? 'model' });
    }
    return { ...parsed, usesTf: true, findings, sites };
  },
};
