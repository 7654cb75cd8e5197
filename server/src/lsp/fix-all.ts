// Fix-all: the analyzer's safe fixes, applied in rounds (a fix can make room for another, or two
// fixes can overlap and go one per round) until nothing changes, as ESLint's --fix does. The result
// is one minimal edit against the analyzed text.

import type { TextEdit } from 'vscode-languageserver';
import type { DocumentAnalysis } from './analyses';
import type { Analyzer } from './analyzer';
import { minimalEdit } from './to-lsp';

const MAX_ROUNDS = 10;

export interface FixAllOutcome {
  edit: TextEdit | undefined;
  applied: number;
  text: string;
}

export function computeFixAll(analyzer: Analyzer, analysis: DocumentAnalysis): FixAllOutcome {
  let text = analysis.text;
  let findings = analysis.result.findings;
  let applied = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const next = analyzer.fixAll(text, findings);
    if (next.applied === 0 || next.text === text) break;
    applied += next.applied;
    text = next.text;
    findings = analyzer.analyze({ fileName: analysis.fileName, text, config: analysis.settings.config }).findings;
  }
  return { edit: minimalEdit(analysis.text, text, analysis.lines), applied, text };
}

/** Whether any finding has a safe fix (so offering fix-all makes sense). */
export function hasSafeFix(analysis: DocumentAnalysis): boolean {
  return analysis.result.findings.some((f) => f.fixes.some((x) => x.safety === 'safe'));
}
