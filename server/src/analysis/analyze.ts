// parse → facts → rules → findings. The one entry point every front end (CLI, server, probe) uses.

import ts = require('typescript');
import { defaultConfig, type NanscopeConfig } from './config';
import { buildFacts, type FileFacts } from './facts';
import { parse } from './parse';
import { Positions } from './positions';
import { parseSuppressions } from './suppressions';
import type { AnalysisResult, Finding, InternalError, Severity } from './types';
import { rules } from '../rules';
import type { Report, Rule } from '../rules/rule';

export interface AnalyzeInput {
  fileName: string;
  text: string;
  config?: NanscopeConfig;
  /** A previous parse of the same document, for incremental re-parsing. */
  previous?: ts.SourceFile;
  /** Which rules to run (default: all that the config does not switch off). */
  only?: readonly string[];
}

export interface AnalyzeOutput extends AnalysisResult {
  /** The parse, for the next incremental analysis of the same document. Not serializable. */
  sourceFile?: ts.SourceFile;
}

/** Analyzes one file. Never throws: failures become `internalErrors`. */
export function analyze(input: AnalyzeInput): AnalyzeOutput {
  const config = input.config ?? defaultConfig();
  const empty: AnalyzeOutput = {
    fileName: input.fileName,
    usesTf: false,
    syntaxErrors: [],
    bindings: { namespaces: [], named: {} },
    findings: [],
    models: [],
    sites: [],
    internalErrors: [],
  };
  const skip = skipReason(input.text, config);
  if (skip) return { ...empty, skipped: skip };

  let sourceFile: ts.SourceFile;
  try {
    sourceFile = parse(input.fileName, input.text, input.previous);
  } catch (error) {
    return { ...empty, internalErrors: [{ where: 'parse', message: errorMessage(error) }] };
  }
  const positions = new Positions(sourceFile);
  const syntaxErrors = syntaxDiagnostics(sourceFile).map((d) => {
    const span = { start: d.start ?? 0, end: (d.start ?? 0) + (d.length ?? 0) };
    return { span, range: positions.range(span), message: ts.flattenDiagnosticMessageText(d.messageText, '\n') };
  });

  const internalErrors: InternalError[] = [];
  let facts: FileFacts;
  try {
    facts = buildFacts(sourceFile, config, positions);
  } catch (error) {
    internalErrors.push({ where: 'facts', message: errorMessage(error) });
    return { ...empty, syntaxErrors, internalErrors, sourceFile };
  }
  if (!facts.usesTf) return { ...empty, syntaxErrors, sourceFile };

  const suppressions = parseSuppressions(sourceFile, positions);
  const findings: Finding[] = [];
  for (const rule of rules as readonly Rule[]) {
    const level = config.rules[rule.meta.id];
    if (level === 'off') continue;
    if (input.only && !input.only.includes(rule.meta.id)) continue;
    try {
      rule.check({
        facts,
        report: (report: Report) => {
          const finding = toFinding(rule, report, positions, level);
          if (!suppressions.isSuppressed(rule.meta.id, finding.range.start.line)) findings.push(finding);
        },
      });
    } catch (error) {
      internalErrors.push({ where: `rule ${rule.meta.id}`, message: errorMessage(error) });
    }
  }
  findings.sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));

  return {
    fileName: input.fileName,
    usesTf: true,
    syntaxErrors,
    bindings: facts.bindings,
    findings: dedupe(findings),
    models: facts.models.map((m) => m.spec),
    sites: facts.sites.map((s) => ({ ...s.site, range: positions.range(s.site.span) })),
    internalErrors: [...facts.internalErrors, ...internalErrors],
    sourceFile,
  };
}

function toFinding(rule: Rule, report: Report, positions: Positions, level: Severity | undefined): Finding {
  const data = report.data ?? {};
  const template = rule.meta.messages[report.messageId] ?? report.messageId;
  const finding: Finding = {
    ruleId: rule.meta.id,
    messageId: report.messageId,
    severity: level ?? report.severity,
    message: template.replace(/\{(\w+)\}/g, (_, key: string) => (key in data ? String(data[key]) : `{${key}}`)),
    span: report.span,
    range: positions.range(report.span),
    data,
    related: (report.related ?? []).map((r) => ({ ...r, range: positions.range(r.span) })),
    fixes: report.fixes ?? [],
  };
  if (report.siteId) finding.siteId = report.siteId;
  return finding;
}

/** One finding per rule and span: two paths to the same evidence are one problem. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}:${f.span.start}:${f.span.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function skipReason(text: string, config: NanscopeConfig): string | undefined {
  if (text.length > config.maxFileSize) {
    return `file is larger than ${config.maxFileSize} bytes (maxFileSize); not analyzed`;
  }
  // A NUL in the first 8 KiB: a binary file with a source extension.
  if (text.slice(0, 8192).includes('\u0000')) return 'file looks binary; not analyzed';
  return undefined;
}

function syntaxDiagnostics(sourceFile: ts.SourceFile): readonly ts.DiagnosticWithLocation[] {
  // `parseDiagnostics` is internal but stable across TypeScript 4-6; no public API exposes syntax
  // errors without building a Program, which would cost more than the whole analysis.
  const diags = (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics;
  return diags ?? [];
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.message}${error.stack ? `\n${error.stack.split('\n').slice(1, 4).join('\n')}` : ''}` : String(error);
}
